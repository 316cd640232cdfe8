import { OneTapLoginClient } from './OneTapLoginClient';

// A server component: it may render <OneTapLogin> itself, but not hand it functions
// (onSuccess) — those cannot cross to the client. The 'use client' wrapper owns them.
export default function LoginPage() {
  return (
    <main style={{ maxWidth: 360, margin: '0 auto' }}>
      <h1 style={{ fontSize: 20 }}>登录</h1>
      <OneTapLoginClient />
    </main>
  );
}
