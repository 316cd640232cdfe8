'use client';

import { OneTapLogin } from 'one-tap-phone';

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is not set when this app was built: see .env.example`);
  return value;
}

// Next inlines process.env.NEXT_PUBLIC_* at build time, and only where written out in full.
const appId = required(process.env.NEXT_PUBLIC_ONE_TAP_APP_ID, 'NEXT_PUBLIC_ONE_TAP_APP_ID');
const baseUrl = required(process.env.NEXT_PUBLIC_ONE_TAP_BASE_URL, 'NEXT_PUBLIC_ONE_TAP_BASE_URL');

/**
 * The login's client part: the callbacks live here, since a server component cannot pass them.
 * `confirmUrl`: after consent the component posts the sign to the confirm route, which logs in
 * the account this browser proved by SMS; NO_ACCOUNT and NUMBER_MISMATCH show the SMS link.
 */
export function OneTapLoginClient() {
  return (
    <OneTapLogin
      appId={appId}
      signUrl="/api/one-tap/sign"
      confirmUrl="/api/one-tap/confirm"
      baseUrl={baseUrl}
      agreements={[{ title: '《用户协议》', href: '/terms' }]}
      otherLogin={<a href="/login/sms">短信验证码登录</a>}
      // The confirm route started the session: the account page shows who is logged in.
      onSuccess={() => window.location.assign('/')}
    />
  );
}
