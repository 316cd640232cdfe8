import { connection } from 'next/server';
import { OneTapLoginClient } from './OneTapLoginClient';

// A server component: it may render <OneTapLogin> itself, but not hand it functions
// (onSuccess) — those cannot cross to the client. The 'use client' wrapper owns them.
// Rendered per request, never prerendered: Next puts proxy.ts's nonce on the page's scripts
// as it renders, and a page built ahead has no request to take a nonce from.
export default async function LoginPage() {
  await connection();
  return (
    <main style={{ maxWidth: 360, margin: '0 auto' }}>
      <h1 style={{ fontSize: 20 }}>登录</h1>
      <OneTapLoginClient />
    </main>
  );
}
