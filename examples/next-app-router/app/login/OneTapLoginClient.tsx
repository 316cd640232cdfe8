'use client';

import { OneTapLogin, type OneTapResult } from 'one-tap-phone';
import { useState } from 'react';

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is not set when this app was built: see .env.example`);
  return value;
}

// Next inlines process.env.NEXT_PUBLIC_* at build time, and only where written out in full.
const appId = required(process.env.NEXT_PUBLIC_ONE_TAP_APP_ID, 'NEXT_PUBLIC_ONE_TAP_APP_ID');
const baseUrl = required(process.env.NEXT_PUBLIC_ONE_TAP_BASE_URL, 'NEXT_PUBLIC_ONE_TAP_BASE_URL');

type Confirmed = { phone: string; par: string; carrier: string };

/** The login's client part: the callbacks live here, since a server component cannot pass them. */
export function OneTapLoginClient() {
  const [confirmed, setConfirmed] = useState<Confirmed>();
  const [failure, setFailure] = useState<string>();

  // What the browser got is for display; the server confirms it with the provider itself.
  async function onSuccess({ sign }: OneTapResult) {
    try {
      const response = await fetch('/api/one-tap/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sign }),
      });
      const body = await response.json();
      if (response.ok) setConfirmed(body);
      else setFailure(body.error?.code ?? `HTTP ${response.status}`);
    } catch {
      setFailure('NETWORK');
    }
  }

  if (confirmed) return <p role="status">已登录 {confirmed.phone}</p>;
  if (failure)
    return (
      <p role="alert">
        登录失败：{failure} <a href="/login/sms">其他方式登录</a>
      </p>
    );
  return (
    <OneTapLogin
      appId={appId}
      signUrl="/api/one-tap/sign"
      baseUrl={baseUrl}
      agreements={[{ title: '《用户协议》', href: '/terms' }]}
      otherLogin={<a href="/login/sms">其他方式登录</a>}
      onSuccess={onSuccess}
    />
  );
}
