import Link from 'next/link';

export default function Home() {
  return (
    <main>
      <Link href="/login">登录</Link>
    </main>
  );
}
