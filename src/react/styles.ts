import type { CSSProperties } from 'react';

// Theming goes through CSS variables with defaults: no global styles, nothing to import.
// Only what has to be inline is: font and color inherit, so a `className` styles them.
// Written out as literals: nothing to run, so a bundler drops the object from an app that
// imports only the hook (its dist/index.js holds the button too).
export const styles = {
  root: { position: 'relative', display: 'grid', gap: 'var(--otp-gap, 8px)', maxWidth: '100%', minWidth: 0 },
  button: {
    appearance: 'none',
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
  error: { color: 'var(--otp-error-color, #b3261e)' },
  phone: {
    margin: 0,
    fontSize: 'var(--otp-phone-size, 28px)',
    fontWeight: 600,
    letterSpacing: '0.04em',
    textAlign: 'center',
    fontVariantNumeric: 'tabular-nums',
  },
  attribution: { margin: 0, fontSize: 'var(--otp-small-size, 13px)', opacity: 0.7, textAlign: 'center' },
  consent: {
    display: 'flex',
    gap: 6,
    alignItems: 'flex-start',
    fontSize: 'var(--otp-small-size, 13px)',
    lineHeight: 1.5,
    overflowWrap: 'anywhere',
  },
  // 18 px: a box a thumb can hit on a phone.
  checkbox: {
    margin: '1px 0 0',
    flex: 'none',
    width: 18,
    height: 18,
    accentColor: 'var(--otp-button-bg, #1f5fd1)',
  },
  link: { color: 'var(--otp-link-color, #1f5fd1)' },
  prompt: {
    display: 'grid',
    gap: 8,
    padding: 12,
    borderRadius: 'var(--otp-radius, 8px)',
    border: 'var(--otp-prompt-border, 1px solid #f0c36d)',
    background: 'var(--otp-prompt-bg, #fff8e6)',
    color: 'var(--otp-prompt-color, #3d2f00)',
    fontSize: 'var(--otp-small-size, 13px)',
    overflowWrap: 'anywhere',
  },
  promptActions: { display: 'flex', gap: 8, justifyContent: 'flex-end', flexWrap: 'wrap' },
  secondary: {
    appearance: 'none',
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
