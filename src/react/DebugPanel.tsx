import { type CSSProperties, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import {
  DEBUG_LABELS,
  type DebugLine,
  type DebugRecord,
  type DebugTap,
  flowsOf,
  keepNewestFlows,
  precheckView,
  providerOrigin,
  reportLines,
  reportText,
} from './debugReport.js';

// The debug panel: its own chunk, loaded (React.lazy in debugTap.tsx) only where `debug` is on.

export interface DebugPanelProps {
  /** The hook's records, store and config (locale, baseUrl, environment, checkConnection). */
  tap: DebugTap;
}

/** Flows kept for the panel: the current and the last, and one more that may still answer late. */
const KEPT_FLOWS = 3;

/** How often the panel looks for new records (a query's answer, say, changes no state). */
const REFRESH_MS = 200;

const themed = (name: string, fallback: string) => `var(--otp-debug-${name}, ${fallback})`;

const styles = {
  panel: {
    display: 'grid',
    gap: 2,
    padding: 8,
    borderRadius: 6,
    border: themed('border', '1px dashed #8a94a6'),
    background: themed('bg', '#f4f6fa'),
    color: themed('color', '#1d2433'),
    font: '12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    textAlign: 'left',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    minWidth: 0,
  },
  head: { display: 'flex', gap: 8, alignItems: 'center', justifyContent: 'space-between' },
  copy: {
    appearance: 'none',
    border: '1px solid currentColor',
    borderRadius: 6,
    background: 'none',
    color: 'inherit',
    font: 'inherit',
    padding: '6px 10px',
    cursor: 'pointer',
    flex: 'none',
  },
  heading: { fontWeight: 700, marginTop: 6 },
  error: { color: themed('error-color', '#a1261b') },
  hint: { opacity: 0.85 },
  byHand: { width: '100%', minHeight: 120, boxSizing: 'border-box', font: 'inherit' },
  hidden: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)' },
} satisfies Record<string, CSSProperties>;

/** Copies `text`: the Clipboard API, else a selected textarea and `execCommand('copy')` (http: pages, old WebViews). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // no Clipboard API here (an http: page is not a secure context), or it was refused
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  Object.assign(area.style, { position: 'fixed', top: '0', opacity: '0' });
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** The panel: the pre-check's view, the current and last flows phase by phase, a report to copy. */
function DebugPanel({ tap }: DebugPanelProps) {
  const { records, store, config } = tap;
  const locale = config.locale ?? 'zh-CN';
  const labels = DEBUG_LABELS[locale];
  const [, rerender] = useState(0);
  const [copied, setCopied] = useState<'copied' | 'by-hand'>();
  const [policyBlocked, setPolicyBlocked] = useState(false);
  const byHand = useRef<HTMLTextAreaElement>(null);
  // The error each flow ended with, as the store had it: a failed sign's HTTP status is there,
  // not in the events. The store keeps its error until the next flow, so one that failed before
  // this chunk arrived is still read here.
  const errors = useRef(new Map<string, unknown>()).current;
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState);
  const lastEvent = [...records].reverse().find((record) => record.length === 2);
  if (state.status === 'error' && lastEvent) errors.set(lastEvent[1].flowId, state.error);

  // The recorder tells nobody (it sits in every app's bundle): the panel looks for new records
  // itself, besides rendering with every state change.
  useEffect(() => {
    let seen: DebugRecord | undefined;
    const look = () => {
      keepNewestFlows(records, KEPT_FLOWS);
      if (records.at(-1) === seen) return;
      seen = records.at(-1);
      rerender((n) => n + 1);
    };
    const timer = setInterval(look, REFRESH_MS);
    return () => clearInterval(timer);
  }, [records]);
  // A provider script the page's CSP refused, from now on (the library's CSP_BLOCKED code covers
  // earlier flows). Only the provider's: an analytics script the policy refused is not our news.
  // WebKit reports a cross-origin blocked URL as its origin alone, so the origin is what is compared.
  const provider = providerOrigin(config.baseUrl);
  useEffect(() => {
    const listener = (event: SecurityPolicyViolationEvent) => {
      if (event.effectiveDirective.startsWith('script-src') && event.blockedURI.startsWith(provider))
        setPolicyBlocked(true);
    };
    document.addEventListener('securitypolicyviolation', listener);
    return () => document.removeEventListener('securitypolicyviolation', listener);
  }, [provider]);
  useEffect(() => {
    if (copied === 'by-hand') byHand.current?.select();
  }, [copied]);

  const flows = flowsOf(records, errors);
  const lines = reportLines(precheckView(config, flows, policyBlocked), flows, labels, {
    now: Date.now(),
    userAgent: globalThis.navigator?.userAgent,
  });
  const text = reportText(lines);
  const [title, ...rest] = lines as [DebugLine, ...DebugLine[]];
  return (
    <section data-slot="debug" aria-label={title.text} lang={locale} style={styles.panel}>
      <div style={styles.head}>
        <strong>{title.text}</strong>
        <button
          type="button"
          style={styles.copy}
          onClick={async () => setCopied((await copyText(text)) ? 'copied' : 'by-hand')}
        >
          {copied === 'copied' ? labels.copied : labels.copy}
        </button>
      </div>
      {/* In the page before it speaks, so that "Copied" is announced: the button's new text is not. */}
      <span role="status" style={copied === 'by-hand' ? undefined : styles.hidden}>
        {copied && (copied === 'copied' ? labels.copied : labels.copyByHand)}
      </span>
      {copied === 'by-hand' && (
        <textarea ref={byHand} readOnly value={text} aria-label={labels.copy} style={styles.byHand} />
      )}
      {rest.map((line, index) => (
        <div
          // The lines are recomputed whole on every change; their order is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={index}
          data-tone={line.tone}
          style={line.tone ? styles[line.tone] : undefined}
        >
          {/* "12 ms" stays on one line at 360 px; the report keeps plain spaces. */}
          {line.text.replace(/ ms\b/g, '\u00a0ms')}
        </div>
      ))}
    </section>
  );
}

// React.lazy takes a module's default export.
export { DebugPanel as default };
