import { type CSSProperties, forwardRef, type ReactNode, useContext, useId } from 'react';
import type { OneTapError } from '../core/errors.js';
import { isLookingUp, type OneTapResult } from '../core/state.js';
import type { OneTapConfig } from './config.js';
import { fill, LABELS, type OneTapLabels } from './labels.js';
import { OneTapContext } from './OneTapPhoneProvider.js';
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
const themed = (name: string, fallback: string) => `var(--otp-${name}, ${fallback})`;
const styles = {
  // Only what has to be inline is: font and color inherit, so `className` styles them.
  root: { display: 'grid', gap: themed('gap', '8px') },
  button: {
    appearance: 'none',
    border: themed('button-border', 'none'),
    borderRadius: themed('radius', '8px'),
    padding: themed('padding', '12px 16px'),
    font: 'inherit',
    fontSize: themed('font-size', '16px'),
    background: themed('button-bg', '#1f5fd1'),
    color: themed('button-color', '#fff'),
    cursor: 'pointer',
  },
  busy: { opacity: themed('busy-opacity', '0.75'), cursor: 'progress' },
  status: { margin: 0, minHeight: '1.4em', fontSize: themed('status-size', '14px') },
  error: { color: themed('error-color', '#b3261e') },
  // Out of sight and of the layout, but read by screen readers.
  visuallyHidden: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)' },
} satisfies Record<string, CSSProperties>;

/**
 * The login-page drop-in: one button that gets this phone's masked number. Works under a
 * `<OneTapPhoneProvider>`, or alone with the configuration as props.
 */
export const OneTapLogin = forwardRef<HTMLButtonElement, OneTapLoginProps>(function OneTapLogin(
  { onSuccess, onError, labels: labelOverrides, fallback, className, style, children, ...config },
  ref,
) {
  const api = useOneTapPhone({ ...config, onSuccess, onError });
  const context = useContext(OneTapContext);
  const locale = config.locale ?? context?.config.locale ?? 'zh-CN';
  const statusId = useId();
  if (children) return <>{children(api)}</>;

  const { status } = api;
  const isRunning = isLookingUp(api);
  const labels = { ...LABELS[locale], ...labelOverrides };
  const success = (status === 'success' || status === 'ready') && fill(labels.success, api);
  const failed = status === 'error';
  const text =
    status === 'idle'
      ? ''
      : failed
        ? api.error.localizedMessage(locale)
        : success || fill(labels[status as 'signing' | 'requesting' | 'polling'], api); // signing, requesting, polling ({attempt}/{attempts})
  return (
    <div className={className} style={{ ...styles.root, ...style }} data-state={status} lang={locale}>
      <button
        ref={ref}
        type="button"
        data-state={status}
        aria-busy={isRunning}
        aria-describedby={statusId}
        disabled={isRunning}
        onClick={api.start}
        style={{ ...styles.button, ...(isRunning && styles.busy) }}
      >
        {failed ? labels.retry : success || labels.idle}
      </button>
      <p
        id={statusId}
        role="status"
        aria-live="polite"
        style={{ ...styles.status, ...(failed && styles.error) }}
      >
        {/* On success the button shows the number; the line still announces it to screen readers. */}
        {success ? <span style={styles.visuallyHidden}>{text}</span> : text}
      </p>
      {failed && api.error.fallback && fallback ? <div data-slot="fallback">{fallback}</div> : null}
    </div>
  );
});
