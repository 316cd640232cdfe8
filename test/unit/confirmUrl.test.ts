import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OneTapOptions } from '../../src/core/options';
import type { OneTapState } from '../../src/core/state';
import { createOneTapStore } from '../../src/core/store';
import type { OneTapEvent } from '../../src/core/telemetry';
import { answers, SAMPLE_SIGN, scriptedProvider } from '../support/scriptedProvider';

// The store with `confirmUrl`: after consent it POSTs the sign to the partner's confirm route and
// ends with that route's answer. The route is a fetch double; time is vitest's fake clock.

const CONFIRM_URL = '/login/one-tap/confirm';
const ANSWER = { user: { id: 'u1', name: 'Li' }, next: '/home' };

type RouteAnswer = Response | ((init: RequestInit) => Promise<Response>);

/** A confirm route answering `answer` (each call, or the next of a list). */
function route(...script: RouteAnswer[]) {
  let call = 0;
  return vi.fn(async (_url: RequestInfo | URL, init: RequestInit = {}) => {
    const next = script[Math.min(call++, script.length - 1)] as RouteAnswer;
    return typeof next === 'function' ? next(init) : next.clone();
  });
}

/** A request that answers only when its signal aborts (or never, with `ignoreAbort`). */
const hanging =
  (ignoreAbort = false) =>
  (init: RequestInit) =>
    new Promise<Response>((_, reject) => {
      if (!ignoreAbort) init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    });

function setup(fetch: ReturnType<typeof route>, overrides: Partial<OneTapOptions> = {}) {
  const provider = scriptedProvider([answers.ok]);
  const events: OneTapEvent[] = [];
  const store = createOneTapStore({
    appId: 'wozhitest',
    baseUrl: 'http://yuefu.test/getphone',
    getSign: async () => SAMPLE_SIGN,
    transport: provider.transport,
    environment: { pageProtocol: 'http:', connectionType: undefined },
    confirmUrl: CONFIRM_URL,
    fetch: fetch as unknown as typeof globalThis.fetch,
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  const seen: OneTapState[] = [];
  store.subscribe((state) => seen.push(state));
  const statuses = () => seen.map((s) => s.status).filter((s, i, all) => s !== all[i - 1]);
  /** Looks the number up, agrees, and logs in: the user's whole path. */
  const login = async () => {
    store.lookup();
    await vi.runAllTimersAsync();
    store.setConsent(true);
    const confirmed = store.confirm();
    await vi.runAllTimersAsync();
    return confirmed;
  };
  /** The same path up to the request in flight; resolves with the confirm's promise, in a box. */
  const confirming = async () => {
    store.lookup();
    await vi.runAllTimersAsync();
    store.setConsent(true);
    const confirmed = store.confirm();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().status).toBe('confirming');
    return [confirmed] as const;
  };
  return { store, events, statuses, login, confirming };
}

const refusal = (status: number, code: string) =>
  Response.json({ error: { code, message: 'fixed text' } }, { status });

describe('createOneTapStore with confirmUrl', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    expect(vi.getTimerCount()).toBe(0); // whatever the ending, no timer is left behind
    vi.useRealTimers();
  });

  it('posts { sign } once after consent, as JSON with the page’s cookies, and ends in success with the answer', async () => {
    const fetch = route(Response.json(ANSWER));
    const { store, statuses, login } = setup(fetch);
    const state = await login();
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toBe(CONFIRM_URL);
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
    });
    expect(JSON.parse(init.body as string)).toEqual({ sign: SAMPLE_SIGN });
    expect(init.signal).toBeInstanceOf(AbortSignal);
    expect(statuses()).toEqual(['signing', 'requesting', 'polling', 'ready', 'confirming', 'success']);
    expect(state).toBe(store.getState());
    expect(state).toEqual({
      status: 'success',
      consent: true,
      phone: '134****8682',
      par: answers.ok.object.par,
      sign: SAMPLE_SIGN,
      carrier: 'mobile',
      answer: ANSWER,
    });
  });

  it('a double tap (confirm twice, lookup during the request) posts once and both calls end together', async () => {
    const fetch = route(Response.json(ANSWER));
    const { store } = setup(fetch);
    store.lookup();
    await vi.runAllTimersAsync();
    store.setConsent(true);
    const first = store.confirm();
    const second = store.confirm();
    const third = store.lookup();
    expect(store.getState().status).toBe('confirming');
    await vi.runAllTimersAsync();
    expect(await first).toMatchObject({ status: 'success', answer: ANSWER });
    expect(await second).toBe(await first);
    expect(await third).toBe(await first);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('posts nothing without consent: a lookup stops at ready, a confirm() asks for consent', async () => {
    const fetch = route(Response.json(ANSWER));
    const { store } = setup(fetch);
    store.lookup();
    await vi.runAllTimersAsync();
    await store.confirm();
    await vi.runAllTimersAsync();
    expect(store.getState()).toMatchObject({ status: 'ready', consentRequested: true });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a confirm() with consent from idle looks up and confirms in one flow', async () => {
    const fetch = route(Response.json(ANSWER));
    const { store, events } = setup(fetch);
    store.setConsent(true);
    const confirmed = store.confirm();
    await vi.runAllTimersAsync();
    expect(await confirmed).toMatchObject({ status: 'success', answer: ANSWER });
    expect(new Set(events.map((event) => event.flowId)).size).toBe(1);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('with instant, the number goes straight to the route (the page asked for consent elsewhere)', async () => {
    const fetch = route(Response.json(ANSWER));
    const { store, statuses } = setup(fetch, { instant: true });
    store.lookup();
    await vi.runAllTimersAsync();
    expect(statuses().slice(-2)).toEqual(['confirming', 'success']);
    expect(store.getState()).toMatchObject({ answer: ANSWER });
  });

  it('without confirmUrl nothing is posted, and success has no answer', async () => {
    const fetch = route(Response.json(ANSWER));
    const { store, login } = setup(fetch, { confirmUrl: undefined });
    await login();
    expect(fetch).not.toHaveBeenCalled();
    expect(store.getState().status).toBe('success');
    expect(store.getState()).not.toHaveProperty('answer');
  });

  it.each([
    [401, 'NO_ACCOUNT', true],
    [401, 'NUMBER_MISMATCH', true],
    [401, 'SIGN_USED', false],
    [409, 'SIGN_USED', false],
    [401, 'SIGN_EXPIRED', false],
    [429, 'RATE_LIMITED', false],
  ])('HTTP %i %s ends in error with that code (fallback: %s)', async (status, code, fallback) => {
    const { store, login } = setup(route(refusal(status, code)));
    await login();
    expect(store.getState()).toMatchObject({
      status: 'error',
      consent: true,
      error: { code, fallback, cause: { status, code } },
    });
  });

  it('after a retryable refusal, a retry looks up a new number and logs in with a new post', async () => {
    const fetch = route(refusal(401, 'SIGN_USED'), Response.json(ANSWER));
    const { store, login } = setup(fetch);
    await login();
    expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'SIGN_USED' } });
    await login();
    expect(store.getState()).toMatchObject({ status: 'success', answer: ANSWER });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['a 2xx that is not JSON', () => new Response('<html>ok</html>', { status: 200 }), 'HTTP 200'],
    ['an empty 2xx', () => new Response(null, { status: 204 }), 'HTTP 204'],
    ['a 5xx with a JSON code', () => refusal(502, 'NETWORK'), 'HTTP 502 NETWORK'],
    ['a refusal code with a 5xx status', () => refusal(503, 'RATE_LIMITED'), 'HTTP 503 RATE_LIMITED'],
    ['an HTML 502 from a proxy', () => new Response('<h1>Bad gateway</h1>', { status: 502 }), 'HTTP 502'],
    [
      'a 4xx code the page does not tell apart',
      () => refusal(401, 'SIGN_BOUND_ELSEWHERE'),
      'HTTP 401 SIGN_BOUND_ELSEWHERE',
    ],
    [
      'a 4xx whose code is no string',
      () => Response.json({ error: { code: 7 } }, { status: 400 }),
      'HTTP 400',
    ],
    ['a 4xx with a prototype key for a code', () => refusal(400, 'constructor'), 'HTTP 400'],
  ])('%s is CONFIRM_FAILED, naming the status', async (_name, answer, detail) => {
    const { store, login } = setup(route(answer()));
    await login();
    const state = store.getState();
    expect(state).toMatchObject({ status: 'error', error: { code: 'CONFIRM_FAILED', fallback: true } });
    const { error } = state as Extract<OneTapState, { status: 'error' }>;
    expect(error.message).toBe(`Could not log in: please try again: the confirm route answered ${detail}`);
    expect(error.message).not.toContain(SAMPLE_SIGN);
  });

  it('an unreachable route is CONFIRM_FAILED with the network error as its cause', async () => {
    const failure = new TypeError('Failed to fetch');
    const { store, login } = setup(route(() => Promise.reject(failure)));
    await login();
    expect(store.getState()).toMatchObject({
      status: 'error',
      error: {
        code: 'CONFIRM_FAILED',
        cause: failure,
        message: expect.stringContaining('could not be reached'),
      },
    });
  });

  it.each([
    ['a fetch that honours the signal', false],
    ['a fetch that ignores it', true],
  ])('a route that never answers is CONFIRM_FAILED after signTimeoutMs, with %s', async (_name, ignore) => {
    const fetch = route(hanging(ignore));
    const { store } = setup(fetch, { signTimeoutMs: 3000 });
    store.setConsent(true);
    store.confirm();
    await vi.advanceTimersByTimeAsync(3000); // the lookup (1.2 s) and 1.8 s of the request
    expect(store.getState().status).toBe('confirming');
    await vi.runAllTimersAsync();
    expect(store.getState()).toMatchObject({
      status: 'error',
      error: { code: 'CONFIRM_FAILED', message: expect.stringContaining('no answer in 3000 ms') },
    });
    expect((fetch.mock.calls[0]?.[1] as RequestInit | undefined)?.signal?.aborted).toBe(true);
  });

  it.each([
    ['honours', false],
    ['ignores', true],
  ])(
    'cancel() during the request aborts it and ends at once in ABORTED; a fetch that %s the abort changes nothing after',
    async (_name, ignore) => {
      let answerLate: (response: Response) => void = () => undefined;
      const fetch = route(
        (init) =>
          new Promise((resolve, reject) => {
            answerLate = resolve;
            if (!ignore) init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
          }),
      );
      const { store, confirming } = setup(fetch);
      const [ended] = await confirming();
      store.cancel();
      expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'ABORTED' } });
      expect((fetch.mock.calls[0]?.[1] as RequestInit | undefined)?.signal?.aborted).toBe(true);
      answerLate(Response.json(ANSWER));
      await vi.runAllTimersAsync();
      expect(await ended).toMatchObject({ status: 'error', error: { code: 'ABORTED' } });
      expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'ABORTED' } });
    },
  );

  it('reset() during the request aborts it and goes back to idle', async () => {
    const fetch = route(hanging());
    const { store, confirming } = setup(fetch);
    await confirming();
    store.reset();
    await vi.runAllTimersAsync();
    expect(store.getState()).toEqual({ status: 'idle', consent: false });
    expect((fetch.mock.calls[0]?.[1] as RequestInit | undefined)?.signal?.aborted).toBe(true);
  });

  it('reports the confirm phase to onEvent, in the lookup’s flow, without the number, the sign or the answer', async () => {
    const ok = setup(route(Response.json(ANSWER)));
    await ok.login();
    const refused = setup(route(refusal(401, 'NO_ACCOUNT')));
    await refused.login();
    const confirming = ok.events.find((event) => event.status === 'confirming');
    expect(confirming).toMatchObject({ flowId: ok.events[0]?.flowId, carrier: 'mobile' });
    expect(ok.events.at(-1)).toMatchObject({ status: 'success', flowId: ok.events[0]?.flowId });
    expect(refused.events.slice(-2)).toMatchObject([
      { status: 'confirming' },
      { status: 'error', code: 'NO_ACCOUNT' },
    ]);
    const sent = JSON.stringify([ok.events, refused.events]);
    for (const secret of [SAMPLE_SIGN, '134****8682', '8682', 'u1', '/home'])
      expect(sent).not.toContain(secret);
  });
});
