// The pages' few styles, matched to <OneTapLogin>'s own look (its defaults: #1f5fd1, 8 px
// corners, 16 px text), so the SMS page and the account page sit beside it: a phone-sized
// column. Style attributes only: proxy.ts's policy allows those (style-src-attr), no <style>.
import type { CSSProperties, ReactNode } from 'react';

export const ui = {
  primary: {
    appearance: 'none',
    border: 'none',
    borderRadius: 8,
    padding: '12px 16px',
    font: 'inherit',
    fontSize: 16,
    background: '#1f5fd1',
    color: '#fff',
    cursor: 'pointer',
    width: '100%',
  },
  secondary: {
    appearance: 'none',
    border: '1px solid #c4c9d4',
    borderRadius: 8,
    padding: '11px 16px',
    font: 'inherit',
    fontSize: 16,
    background: '#fff',
    color: '#1d2433',
    cursor: 'pointer',
    width: '100%',
  },
  input: {
    boxSizing: 'border-box',
    width: '100%',
    border: '1px solid #c4c9d4',
    borderRadius: 8,
    padding: 12,
    font: 'inherit',
    fontSize: 16,
  },
  label: { display: 'grid', gap: 4, fontSize: 14 },
  row: { display: 'flex', gap: 8, alignItems: 'end' },
  note: { margin: 0, fontSize: 13, color: '#5b6475', lineHeight: 1.5 },
  developmentCode: {
    margin: 0,
    fontSize: 13,
    padding: 8,
    borderRadius: 8,
    color: '#3d2f00',
    background: '#fff8e6',
  },
  error: { margin: 0, fontSize: 14, color: '#b3261e' },
  link: { color: '#1f5fd1', fontSize: 13, textAlign: 'center' },
} satisfies Record<string, CSSProperties>;

/** A page: its title, then its content in a column 360 px wide at most. */
export function Page({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main style={{ maxWidth: 360, margin: '0 auto', display: 'grid', gap: 16 }}>
      <h1 style={{ fontSize: 20, margin: 0 }}>{title}</h1>
      {children}
    </main>
  );
}
