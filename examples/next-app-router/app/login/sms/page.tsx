import { connection } from 'next/server';
import { Page } from '../../ui';
import { SmsForm } from './SmsForm';

// The SMS login: the way in for a new user, for a browser that proved no account, and for a
// SIM that is not the account's. Rendered per request, for proxy.ts's nonce.
export default async function SmsLoginPage() {
  await connection();
  return (
    <Page title="短信验证码登录">
      <SmsForm />
      <a href="/login" style={{ color: '#1f5fd1', fontSize: 13, textAlign: 'center' }}>
        本机号码一键登录
      </a>
    </Page>
  );
}
