import type { QueryClient } from '@tanstack/react-query';
import type { Locale } from '../core/errors.js';
import type { OneTapOptions } from '../core/options.js';

/** Everything a provider, the hook or the button can be configured with. */
export interface OneTapConfig extends Partial<OneTapOptions> {
  /** Language of built-in labels and error messages. @defaultValue `'zh-CN'` */
  locale?: Locale | undefined;
  /**
   * The react-query client for the sign query.
   * @defaultValue the app's own (from its QueryClientProvider), else one made once for this tree
   */
  queryClient?: QueryClient | undefined;
  /** Fetch a sign on mount, so a tap goes straight to getphone. @defaultValue true */
  prefetchSign?: boolean | undefined;
  /**
   * A debug panel under the step, for testing on a phone with no console: the pre-check's
   * view, every phase of the current and last flows with its time, the flowId, a report to copy.
   * Never a phone number or a sign. Its code loads only when this is on. @defaultValue false
   */
  debug?: boolean | undefined;
}

/** Later configs win, but an `undefined` value never overrides a set one. */
export function mergeConfig(...configs: (OneTapConfig | undefined)[]): OneTapConfig {
  const merged: Record<string, unknown> = {};
  for (const config of configs) {
    for (const [key, value] of Object.entries(config ?? {})) if (value !== undefined) merged[key] = value;
  }
  return merged as OneTapConfig;
}
