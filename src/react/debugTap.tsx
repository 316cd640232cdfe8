import { lazy, Suspense, useState } from 'react';
import { jsonpTransport, type TransportRequest } from '../core/jsonp.js';
import type { OneTapOptions } from '../core/options.js';
import type { OneTapEvent } from '../core/telemetry.js';
import type { OneTapConfig } from './config.js';
import type { DebugRecord, DebugTap } from './debugReport.js';

// What stays in every app's bundle for `debug`: a recorder the store's options are wrapped in
// while `debug` is on, and a lazy component. Everything that reads the records (the panel, its
// texts, the report) is src/react/DebugPanel.tsx, in a chunk of its own that loads only when a
// panel with `debug` on renders. The recorder runs from the first flow on, before that chunk has
// arrived (lookup="mount" starts a microtask after mount), so no phase is lost.

// The panel's chunk exports itself as default too, for React.lazy: no adapter here.
const Panel = /* @__PURE__ */ lazy(() => import('./DebugPanel.js'));

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
