import {
  type CSSProperties,
  forwardRef,
  type ReactNode,
  useContext,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
} from 'react';
import type { Carrier } from '../core/carrier.js';
import type { Locale, OneTapError } from '../core/errors.js';
import { isLookingUp, type OneTapSuccess } from '../core/state.js';
import { type Agreement, CARRIER_TERMS } from '../core/terms.js';
import { ConsentPrompt } from './ConsentPrompt.js';
import type { OneTapConfig } from './config.js';
import { fill, LABELS, type OneTapLabels } from './labels.js';
import { OneTapContext } from './OneTapPhoneProvider.js';
import { styles } from './styles.js';
import { Terms } from './Terms.js';
import { type UseOneTapPhoneResult, useOneTapPhone } from './useOneTapPhone.js';

export interface OneTapLoginProps extends OneTapConfig {
  /**
   * Called once the user logs in, with `{ phone, par, sign, carrier }`: send `sign` to your
   * server to confirm. Return that request's promise: the button says 正在登录… until the page
   * moves on, and if it rejects, the login starts over. With `confirmUrl` the library has
   * confirmed already: `answer` is your route's JSON answer (unknown: narrow it); move on.
   */
  onSuccess?: ((result: OneTapSuccess) => unknown) | undefined;
  /** Called with the OneTapError (its `code`, `fallback`, `resCode`) of a failed flow. */
  onError?: ((error: OneTapError) => void) | undefined;
  /**
   * When to look the number up: at the user's tap, or as soon as the page shows (and again
   * when the back/forward cache restores the page after a login). @defaultValue `'tap'`
   */
  lookup?: 'tap' | 'mount' | undefined;
  /** Your own agreements (用户协议, 隐私政策), listed after the carrier's terms. */
  agreements?: readonly Agreement[] | undefined;
  /** Replaces a carrier's default terms (title and link). */
  carrierTerms?: Partial<Record<Carrier, Agreement>> | undefined;
  /** Another way to log in (an SMS login link): on the authorization step, and under an error that says to fall back. */
  otherLogin?: ReactNode;
  /** Overrides any built-in text. */
  labels?: Partial<OneTapLabels> | undefined;
  className?: string | undefined;
  style?: CSSProperties | undefined;
  /** Full custom UI: render anything from the hook's state and actions. */
  children?: ((api: UseOneTapPhoneResult) => ReactNode) | undefined;
}

/**
 * The login page's one-tap part. A tap looks the number up; then the authorization step that
 * carriers require: the masked number, who authenticates it, an unchecked box for the
 * carrier's terms and yours, the login button, another way to log in. Login without consent
 * asks for it. `instant` skips the step. Works under `<OneTapPhoneProvider>` or alone.
 */
// Pure: an app that imports only the hook drops the button, the step and their texts.
export const OneTapLogin = /* @__PURE__ */ forwardRef<HTMLButtonElement | null, OneTapLoginProps>(
  function OneTapLogin(
    {
      onSuccess,
      onError,
      lookup = 'tap',
      agreements = [],
      carrierTerms,
      otherLogin,
      labels: overrides,
      className,
      style,
      children,
      ...config
    },
    ref,
  ) {
    const api = useOneTapPhone({ ...config, onSuccess, onError });
    const context = useContext(OneTapContext);
    const locale = config.locale ?? context?.config.locale ?? 'zh-CN';
    const instant = config.instant ?? context?.config.instant ?? false;
    const statusId = useId();
    const button = useRef<HTMLButtonElement>(null);
    useImperativeHandle(ref, () => button.current as HTMLButtonElement);
    // Each showing of the page: its mount, and each restore from the back/forward cache.
    const [shows, setShows] = useState(0);
    // With lookup="mount", a page that shows a login at its start looks the number up. On a
    // restore the hook's own listener, added first, has already put a used login back to its
    // start; a number or an error on screen stays. Not on any return to idle: with `instant`
    // an onSuccess that refuses every sign would loop. In a microtask, so that StrictMode's
    // trial unmount, which runs first, cancels it: one flow with one flowId.
    // biome-ignore lint/correctness/useExhaustiveDependencies: once per showing; the status is read as it is then
    useEffect(() => {
      let mounted = true;
      if (lookup === 'mount' && api.status === 'idle') queueMicrotask(() => mounted && api.lookup());
      const onShow = (event: PageTransitionEvent) => event.persisted && setShows(shows + 1);
      addEventListener('pageshow', onShow);
      return () => {
        mounted = false;
        removeEventListener('pageshow', onShow);
      };
    }, [shows]);
    if (children) return children(api);

    const { status } = api;
    const labels = { ...LABELS[locale], ...overrides };
    const busy = isLookingUp(api) || (status === 'success' && !instant);
    const step = !instant && 'phone' in api ? api : undefined; // ready, confirming, success
    const listed = step
      ? [carrierTerms?.[step.carrier] ?? CARRIER_TERMS[locale][step.carrier], ...agreements].filter(
          (term): term is Agreement => !!term,
        )
      : [];
    const failed = api.status === 'error' ? api.error : undefined;
    const [buttonText, statusText, shown] = describe(api, labels, instant, locale);
    return (
      <div className={className} style={{ ...styles.root, ...style }} data-state={status} lang={locale}>
        {step && (
          <>
            <p data-slot="phone" style={styles.phone}>
              {step.phone}
            </p>
            <p data-slot="attribution" style={styles.attribution}>
              {labels[step.carrier]}
            </p>
            <label data-slot="consent" style={styles.consent}>
              <input
                type="checkbox"
                checked={step.consent}
                disabled={busy}
                onChange={(event) => api.setConsent(event.target.checked)}
                style={styles.checkbox}
              />
              <span>
                {labels.agree}
                <Terms terms={listed} labels={labels} />
              </span>
            </label>
            {step.status === 'ready' && step.consentRequested && (
              <ConsentPrompt
                terms={listed}
                labels={labels}
                onAnswer={(agreed) => {
                  api.setConsent(agreed);
                  if (agreed) api.confirm();
                  button.current?.focus(); // the prompt goes: focus stays in the login
                }}
              />
            )}
          </>
        )}
        <button
          ref={button}
          type="button"
          data-state={status}
          aria-busy={busy}
          aria-describedby={statusId}
          // aria-disabled, not disabled: a disabled button drops the keyboard focus mid-login.
          aria-disabled={busy}
          onClick={busy ? undefined : step ? api.confirm : api.lookup}
          style={{ ...styles.button, ...(busy && styles.busy) }}
        >
          {buttonText}
        </button>
        {/* What the button or the step already shows is announced, not shown twice. */}
        <p
          id={statusId}
          role="status"
          aria-live="polite"
          style={shown ? styles.visuallyHidden : { ...styles.status, ...(failed && styles.error) }}
        >
          {statusText}
        </p>
        {(failed ? failed.fallback : step?.status === 'ready') && !!otherLogin && (
          <div data-slot="other-login" style={styles.otherLogin}>
            {otherLogin}
          </div>
        )}
        <api.DebugPanel />
      </div>
    );
  },
);

/**
 * The button's text and the status line's, for a state; `shown` when the page already shows
 * it. A tuple: no keys to repeat in every partner's bundle.
 */
function describe(
  api: UseOneTapPhoneResult,
  labels: OneTapLabels,
  instant: boolean,
  locale: Locale,
): [button: string, status: string, shown?: boolean] {
  switch (api.status) {
    case 'idle':
      return [labels.idle, ''];
    case 'error':
      return [labels.retry, api.error.localizedMessage(locale)];
    case 'ready':
      return [labels.login, fill(labels.ready, { ...api, attribution: labels[api.carrier] }), true];
    case 'confirming':
    case 'success': {
      const done = instant && api.status === 'success' ? fill(labels.success, api) : labels.loggingIn;
      return [done, done, true];
    }
    default: // signing, requesting, polling ({attempt}/{attempts})
      return [labels.idle, fill(labels[api.status], api)];
  }
}
