import { redirect } from 'next/navigation';
import { accountById, masked } from '@/lib/accounts';
import { pageSession } from '@/lib/session';
import { AccountActions } from './AccountActions';
import { Page } from './ui';

// The signed-in page: the account, masked, from the sealed session cookie; without a session,
// the login page. Rendered per request (it reads cookies), so it gets proxy.ts's nonce.
export default async function AccountPage() {
  const { accountId } = await pageSession();
  const account = accountId ? await accountById(accountId) : undefined;
  if (!account) redirect('/login');
  return (
    <Page title="我的账号">
      <p role="status" style={{ margin: 0, fontSize: 18 }}>
        已登录 {masked(account.phone)}
      </p>
      <AccountActions />
    </Page>
  );
}
