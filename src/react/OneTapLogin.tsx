import { type CSSProperties, forwardRef, type ReactNode, useId } from 'react';
import type { OneTapError } from '../core/errors.js';
import type { OneTapResult } from '../core/state.js';
import type { OneTapConfig } from './config.js';
import { fill, LABELS, type OneTapLabels } from './labels.js';
import { type UseOneTapPhoneResult, useOneTapPhone } from './useOneTapPhone.js';

export interface OneTapLoginProps extends OneTapConfig {
  /** Called with `{ phone, par, sign }`: show the phone, send `sign` to your server to confirm. */
  onSuccess?: ((result: OneTapResult) => void) | undefined;
  /** Called with the OneTapError (its `code`, `fallback`, `resCode`) of a failed flow. */
  onError?: ((error: OneTapError) => void) | undefined;
  /** Overrides any built-in label. */
  labels?: Partial<OneTapLabels> | undefined;
  /** Shown under an error that says to fall back (`error.fallback`), e.g. an SMS login link. */
  fallback?: ReactNode;
  className?: string | undefined;
  style?: CSSProperties | undefined;
  /** Full custom UI: render anything from the hook's state and actions. */
  children?: ((api: UseOneTapPhoneResult) => ReactNode) | undefined;
}

// Theming goes through CSS variables with defaults: no global styles, nothing to import.
const styles = {
  root: {
    display: 'grid',
    gap: 'var(--otp-gap, 8px)',
    fontFamily: 'var(--otp-font, inherit)',
    color: 'var(--otp-color, inherit)',
  },
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
  status: {
    margin: 0,
    minHeight: '1.4em',
    fontSize: 'var(--otp-status-size, 14px)',
    color: 'var(--otp-status-color, inherit)',
  },
  error: { color: 'var(--otp-error-color, #b3261e)' },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
} satisfies Record<string, CSSProperties>;

function statusText(api: UseOneTapPhoneResult, labels: OneTapLabels, locale: 'zh-CN' | 'en'): string {
  switch (api.status) {
    case 'idle':
      return '';
    case 'signing':
      return labels.signing;
    case 'requesting':
      return labels.requesting;
    case 'polling':
      return fill(labels.polling, { attempt: api.attempt, attempts: api.attempts });
    case 'success':
      return fill(labels.success, { phone: api.phone });
    case 'error':
      return api.error.localizedMessage(locale);
  }
}

/**
 * The login-page drop-in: one button that gets this phone's masked number. Works under a
 * `<OneTapPhoneProvider>`, or alone with the configuration as props.
 */
export const OneTapLogin = forwardRef<HTMLButtonElement, OneTapLoginProps>(function OneTapLogin(
  { onSuccess, onError, labels: labelOverrides, fallback, className, style, children, ...config },
  ref,
) {
  const api = useOneTapPhone({ ...config, onSuccess, onError });
  const locale = api.config.locale ?? 'zh-CN';
  const statusId = useId();
  if (children) return <>{children(api)}</>;

  const labels = { ...LABELS[locale], ...labelOverrides };
  const text = statusText(api, labels, locale);
  const label =
    api.status === 'error'
      ? labels.retry
      : api.status === 'success'
        ? fill(labels.success, { phone: api.phone })
        : labels.idle;
  return (
    <div className={className} style={{ ...styles.root, ...style }} data-state={api.status} lang={locale}>
      <button
        ref={ref}
        type="button"
        data-state={api.status}
        aria-busy={api.isRunning}
        aria-describedby={statusId}
        disabled={api.isRunning}
        onClick={api.start}
        style={{ ...styles.button, ...(api.isRunning ? styles.busy : {}) }}
      >
        {label}
      </button>
      <p
        id={statusId}
        role="status"
        aria-live="polite"
        style={{ ...styles.status, ...(api.status === 'error' ? styles.error : {}) }}
      >
        {/* On success the button shows the number; the line still announces it to screen readers. */}
        {api.status === 'success' ? <span style={styles.visuallyHidden}>{text}</span> : text}
      </p>
      {api.status === 'error' && api.error.fallback && fallback ? (
        <div data-slot="fallback">{fallback}</div>
      ) : null}
    </div>
  );
});
