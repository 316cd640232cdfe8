import { connection } from 'next/server';
import { Page } from '../ui';
import { OneTapLoginClient } from './OneTapLoginClient';

// A server component: it may render <OneTapLogin> itself, but not hand it functions
// (onSuccess) — those cannot cross to the client. The 'use client' wrapper owns them.
// Rendered per request, never prerendered: Next puts proxy.ts's nonce on the page's scripts
// as it renders, and a page built ahead has no request to take a nonce from.
export default async function LoginPage() {
  await connection();
  return (
    <Page title="登录">
      <OneTapLoginClient />
    </Page>
  );
}
