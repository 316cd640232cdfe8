import type { CSSProperties } from 'react';

// Theming goes through CSS variables with defaults: no global styles, nothing to import.
// Only what has to be inline is: font and color inherit, so a `className` styles them.
// Written out as literals: nothing to run, so a bundler drops the object from an app that
// imports only the hook (its dist/index.js holds the button too).
// Text colors default to light-dark(): a page that declares a dark `color-scheme` (a dark
// theme does, for its form controls) gets colors that read on it. A browser without
// light-dark() drops those declarations and inherits the page's color: still readable.
// The button's #1f5fd1 is at least 3:1 against white and against #121212 alike.
export const styles = {
  // minmax(0, 1fr): a long word (the number at 200% text) wraps instead of widening the column.
  root: {
    position: 'relative',
    display: 'grid',
    gridTemplateColumns: 'minmax(0,1fr)',
    gap: 'var(--otp-gap, 8px)',
    overflowWrap: 'anywhere',
  },
  // 44 px high at least: a thumb's target (WCAG 2.5.5), whatever the padding variable says.
  button: {
    appearance: 'none',
    minHeight: 44,
    border: 'var(--otp-button-border, none)',
    borderRadius: 'var(--otp-radius, 8px)',
    padding: 'var(--otp-padding, 12px 16px)',
    font: 'inherit',
    fontSize: 'var(--otp-font-size, 16px)',
    background: 'var(--otp-button-bg, #1f5fd1)',
    color: 'var(--otp-button-color, #fff)',
    cursor: 'pointer',
  },
  busy: { opacity: 'var(--otp-busy-opacity, 0.75)', cursor: 'progress' },
  status: { margin: 0, minHeight: '1.4em', fontSize: 'var(--otp-status-size, 14px)' },
  error: { color: 'var(--otp-error-color, light-dark(#b3261e, #ffb4ab))' },
  phone: {
    margin: 0,
    fontSize: 'var(--otp-phone-size, 28px)',
    fontWeight: 600,
    letterSpacing: '0.04em',
    textAlign: 'center',
    fontVariantNumeric: 'tabular-nums',
  },
  attribution: { margin: 0, fontSize: 'var(--otp-small-size, 13px)', opacity: 0.7, textAlign: 'center' },
  // The whole row is the checkbox's label, so the whole row toggles it: 44 px high at least.
  consent: {
    display: 'flex',
    gap: 6,
    alignItems: 'center',
    minHeight: 44,
    fontSize: 'var(--otp-small-size, 13px)',
    lineHeight: 1.5,
  },
  // 18 px to see; the row around it is what a thumb hits.
  checkbox: {
    margin: 0,
    flex: 'none',
    width: 18,
    height: 18,
    accentColor: 'var(--otp-button-bg, #1f5fd1)',
  },
  link: { color: 'var(--otp-link-color, light-dark(#1f5fd1, #8ab4f8))' },
  // Its own radius: --otp-radius is the button's (999px would make an ellipse of the text).
  prompt: {
    display: 'grid',
    gap: 8,
    padding: 12,
    borderRadius: 8,
    border: 'var(--otp-prompt-border, 1px solid #f0c36d)',
    background: 'var(--otp-prompt-bg, light-dark(#fff8e6, #3a2f0b))',
    color: 'var(--otp-prompt-color, light-dark(#3d2f00, #ffe8a3))',
    fontSize: 'var(--otp-small-size, 13px)',
  },
  promptActions: { display: 'flex', gap: 8, justifyContent: 'flex-end', flexWrap: 'wrap' },
  secondary: {
    appearance: 'none',
    minHeight: 44,
    border: 'none',
    background: 'none',
    color: 'inherit',
    font: 'inherit',
    padding: '8px 12px',
    cursor: 'pointer',
  },
  otherLogin: { textAlign: 'center', fontSize: 'var(--otp-small-size, 13px)' },
  // Out of sight and of the layout, but read by screen readers.
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
} satisfies Record<string, CSSProperties>;
