import type { Transport, TransportRequest } from '../../src/core/jsonp';
import { SIGN_VECTOR } from './fixtures';

// Answers in the provider's own envelope bytes, scripted per query, for flow tests that run
// without a browser. Browser tests use the real JSONP transport instead.
export const SAMPLE_SIGN = SIGN_VECTOR.sign;

export const answers = {
  ok: {
    success: true,
    resCode: '0',
    object: { par: 'B0A63A589B1541DC9B3E4C8F25F073F7', phone: '134****8682' },
  },
  missing: { success: false, resCode: '1', message: '缺少参数' },
  expired: { success: false, resCode: '2', message: 'token失效' },
  notReady: { success: false, resCode: '3', message: '获取结果失败' },
} as const;

type Step = unknown | ((request: TransportRequest) => Promise<unknown>);

export interface ScriptedProvider {
  transport: Transport;
  requests: { kind: 'getphone' | 'query'; url: string; at: number }[];
  queries(): number;
}

/** `steps` answer the queries in order; the last one repeats. getphone answers `getphone`. */
export function scriptedProvider(steps: Step[], getphone: Step = undefined): ScriptedProvider {
  const requests: ScriptedProvider['requests'] = [];
  let index = 0;
  const answer = (step: Step, request: TransportRequest) =>
    typeof step === 'function'
      ? (step as (r: TransportRequest) => Promise<unknown>)(request)
      : Promise.resolve(step);
  const transport: Transport = (request) => {
    const kind = new URL(request.url).pathname.endsWith('/query') ? 'query' : 'getphone';
    requests.push({ kind, url: request.url, at: Date.now() });
    if (kind === 'getphone') return answer(getphone, request);
    const step = steps[Math.min(index++, steps.length - 1)];
    return answer(step, request);
  };
  return { transport, requests, queries: () => requests.filter((r) => r.kind === 'query').length };
}

/** A transport step that never answers but honours cancellation, like a hung script. */
export const hang = (request: TransportRequest) =>
  new Promise<never>((_, reject) => {
    request.signal?.addEventListener('abort', () => reject(request.signal?.reason));
  });
