import { type FunctionComponent, lazy, Suspense, useState } from 'react';
import { jsonpTransport, type TransportRequest } from '../core/jsonp.js';
import type { OneTapOptions } from '../core/options.js';
import type { OneTapStore } from '../core/store.js';
import type { OneTapEvent } from '../core/telemetry.js';
import type { OneTapConfig } from './config.js';

// What stays in every app's bundle for `debug`: a recorder the store's options are wrapped in
// while `debug` is on, and a lazy component. Everything that reads the records (the panel, its
// texts, the report) is src/react/DebugPanel.tsx, in a chunk of its own that loads only when a
// panel with `debug` on renders. The recorder runs from the first flow on, before that chunk has
// arrived (lookup="mount" starts a microtask after mount), so no phase is lost.

/**
 * One thing a flow did, as the debug recorder saw it, at `Date.now()`: a telemetry event (it
 * names its flow; what follows belongs to that flow); a JSONP request's start; its end, with
 * the provider's answer or the `Error` it failed with. Which request is which follows from the
 * flow's order (src/core/lookup.ts): after `requesting`, getphone, then the queries. The URL
 * is never kept: it carries the sign.
 */
export type DebugRecord =
  | readonly [at: number]
  | readonly [at: number, event: OneTapEvent]
  | readonly [at: number, end: 0, outcome: unknown];

// The panel's chunk exports itself as default too, for React.lazy: no adapter here.
const Panel = /* @__PURE__ */ lazy(() => import('./DebugPanel.js'));

/** One hook's records (the panel drops old flows), its store and latest config (both set each render), its recorder and panel. */
export interface DebugTap {
  records: DebugRecord[];
  store: OneTapStore;
  config: OneTapConfig;
  /**
   * The store's options with `onEvent` and `transport` wrapped to record; the partner's own are
   * still called. The sign phase is timed by the events (signing, then requesting or error); a
   * failed sign's HTTP status is on the store's error, which the panel reads.
   */
  record(options: OneTapOptions): OneTapOptions;
  DebugPanel: FunctionComponent;
}

/**
 * The hook's debug recorder and panel, made once; the panel renders nothing unless `debug` is
 * on. Short on purpose: this sits in every app's bundle.
 */
export function useDebugTap(config: OneTapConfig): DebugTap {
  const [tap] = useState(() => {
    const records: DebugRecord[] = [];
    const add = (...record: [] | [OneTapEvent] | [0, unknown]) => records.push([Date.now(), ...record]);
    // `config` is set below and `store` by the hook, before any render of the panel.
    const made = {
      records,
      record: ({ transport = jsonpTransport, onEvent, ...options }: OneTapOptions): OneTapOptions => ({
        ...options,
        onEvent(event: OneTapEvent) {
          add(event);
          onEvent?.(event);
        },
        transport(request: TransportRequest) {
          const answered = transport(request);
          const end = (outcome: unknown) => add(0, outcome);
          add();
          answered.then(end, end);
          return answered;
        },
      }),
      // biome-ignore lint/correctness/noComponentHookFactories: made once per hook (useState), so its identity is stable; bound to this hook's records
      DebugPanel: () =>
        made.config.debug && (
          <Suspense>
            <Panel tap={made} />
          </Suspense>
        ),
    } as unknown as DebugTap;
    return made;
  });
  tap.config = config;
  return tap;
}
