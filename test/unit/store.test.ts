import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OneTapOptions } from '../../src/core/options';
import type { SignContext } from '../../src/core/signFetch';
import type { OneTapState } from '../../src/core/state';
import { createOneTapStore } from '../../src/core/store';
import type { OneTapEvent } from '../../src/core/telemetry';
import { manualClock } from '../support/manualClock';
import { answers, hang, SAMPLE_SIGN, scriptedProvider } from '../support/scriptedProvider';

// The store is the flow's specification: every rule of the one-tap login, on fake time.
function setup(steps: unknown[], overrides: Partial<OneTapOptions> = {}) {
  const provider = scriptedProvider(steps);
  const getSign = vi.fn(async (_context: SignContext) => SAMPLE_SIGN);
  const store = createOneTapStore({
    appId: 'wozhitest',
    baseUrl: 'http://yuefu.test/getphone',
    getSign,
    transport: provider.transport,
    environment: { pageProtocol: 'http:', connectionType: undefined },
    ...overrides,
  });
  const seen: OneTapState[] = [];
  store.subscribe((state) => seen.push(state));
  const statuses = () => seen.map((s) => (s.status === 'polling' ? `polling ${s.attempt}` : s.status));
  return { store, provider, getSign, seen, statuses };
}

const withNumber = (phone: string) => ({ ...answers.ok, object: { ...answers.ok.object, phone } });

describe('createOneTapStore', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    expect(vi.getTimerCount()).toBe(0); // whatever the ending, no timer is left behind
    vi.useRealTimers();
  });

  describe('when created', () => {
    it('is idle, without consent, and sends nothing', () => {
      const { store, getSign, provider } = setup([answers.ok]);
      expect(store.getState()).toEqual({ status: 'idle', consent: false });
      expect(getSign).not.toHaveBeenCalled();
      expect(provider.requests).toEqual([]);
    });

    it.each([
      [{ appId: '' }, 'appId is required'],
      [{ getSign: undefined }, 'give signUrl (your sign endpoint) or getSign'],
      [{ baseUrl: '/getphone' }, 'baseUrl must be an absolute http(s) URL, not "/getphone"'],
    ])('throws a TypeError that names the mistake for %j', (mistake, message) => {
      expect(() => setup([answers.ok], mistake as Partial<OneTapOptions>)).toThrow(
        expect.objectContaining({ name: 'TypeError', message: expect.stringContaining(message) }),
      );
    });
  });

  describe('lookup()', () => {
    it('signs, calls getphone, polls and stops at ready, showing subscribers every phase in order', async () => {
      const { store, statuses, provider } = setup([answers.notReady, answers.ok]);
      const settled = store.lookup();
      await vi.runAllTimersAsync();
      expect(statuses()).toEqual(['signing', 'requesting', 'polling 1', 'polling 2', 'ready']);
      expect(await settled).toBe(store.getState());
      expect(store.getState()).toEqual({
        status: 'ready',
        consent: false,
        consentRequested: false,
        readyAt: Date.now(),
        phone: '134****8682',
        par: 'B0A63A589B1541DC9B3E4C8F25F073F7',
        sign: SAMPLE_SIGN,
        carrier: 'mobile',
      });
      expect(provider.requests.map((r) => r.kind)).toEqual(['getphone', 'query', 'query']);
    });

    it('runs one flow for any number of calls while one runs (a double tap)', async () => {
      const { store, getSign, provider } = setup([answers.ok]);
      const first = store.lookup();
      const second = store.lookup();
      expect(second).toBe(first);
      await vi.runAllTimersAsync();
      expect(getSign).toHaveBeenCalledTimes(1);
      expect(provider.requests.filter((r) => r.kind === 'getphone')).toHaveLength(1);
    });

    it.each([
      ['130****1234', 'unicom'],
      ['189****1234', 'telecom'],
      ['192****1234', 'broadnet'],
      ['170****1234', 'unknown'],
    ])('names the carrier of %s: %s', async (phone, carrier) => {
      const { store } = setup([withNumber(phone)]);
      store.lookup();
      await vi.runAllTimersAsync();
      expect(store.getState()).toMatchObject({ status: 'ready', phone, carrier });
    });

    it('takes the carrier from carrierOf when given', async () => {
      const { store } = setup([answers.ok], { carrierOf: () => 'telecom' });
      store.lookup();
      await vi.runAllTimersAsync();
      expect(store.getState()).toMatchObject({ carrier: 'telecom' });
    });

    it('ends in error with the flow’s OneTapError, and a later lookup starts afresh', async () => {
      const { store, getSign } = setup([answers.missing]);
      store.lookup();
      await vi.runAllTimersAsync();
      expect(store.getState()).toMatchObject({
        status: 'error',
        error: { code: 'MISSING_PARAMS', resCode: '1' },
      });
      store.lookup();
      await vi.runAllTimersAsync();
      expect(getSign).toHaveBeenCalledTimes(2);
    });
  });

  describe('the consent rule', () => {
    it('keeps a confirm() without consent at ready and asks for consent', async () => {
      const { store } = setup([answers.ok]);
      store.lookup();
      await vi.runAllTimersAsync();
      await store.confirm();
      expect(store.getState()).toMatchObject({ status: 'ready', consent: false, consentRequested: true });
    });

    it('succeeds on confirm() once consent is given, with phone, par, sign and carrier', async () => {
      const { store, statuses } = setup([answers.ok]);
      store.lookup();
      await vi.runAllTimersAsync();
      await store.confirm();
      store.setConsent(true);
      expect(store.getState()).toMatchObject({ status: 'ready', consent: true, consentRequested: false });
      await store.confirm();
      expect(store.getState()).toEqual({
        status: 'success',
        consent: true,
        phone: '134****8682',
        par: 'B0A63A589B1541DC9B3E4C8F25F073F7',
        sign: SAMPLE_SIGN,
        carrier: 'mobile',
      });
      expect(statuses().slice(-4)).toEqual(['ready', 'ready', 'ready', 'success']);
    });

    it('a refusal closes the request for consent and keeps the user at ready', async () => {
      const { store } = setup([answers.ok]);
      store.lookup();
      await vi.runAllTimersAsync();
      await store.confirm();
      store.setConsent(false);
      expect(store.getState()).toMatchObject({ status: 'ready', consent: false, consentRequested: false });
    });

    it('withdrawn consent blocks the login again', async () => {
      const { store } = setup([answers.ok]);
      store.setConsent(true);
      store.setConsent(false);
      store.lookup();
      await vi.runAllTimersAsync();
      await store.confirm();
      expect(store.getState()).toMatchObject({ status: 'ready', consentRequested: true });
    });

    it('keeps consent given before the number arrives', async () => {
      const { store } = setup([answers.notReady, answers.ok]);
      store.lookup();
      await vi.advanceTimersByTimeAsync(450);
      expect(store.getState().status).toBe('polling');
      store.setConsent(true);
      await vi.runAllTimersAsync();
      expect(store.getState()).toMatchObject({ status: 'ready', consent: true });
      await store.confirm();
      expect(store.getState().status).toBe('success');
    });

    it('a confirm() during the lookup, with consent, goes from the number straight to success', async () => {
      const { store, statuses } = setup([answers.ok]);
      store.setConsent(true);
      store.lookup();
      const confirmed = store.confirm();
      await vi.runAllTimersAsync();
      expect((await confirmed).status).toBe('success');
      expect(statuses()).not.toContain('ready');
    });

    it('a confirm() during the lookup, without consent, stops at ready asking for it', async () => {
      const { store } = setup([answers.ok]);
      store.lookup();
      store.confirm();
      await vi.runAllTimersAsync();
      expect(store.getState()).toMatchObject({ status: 'ready', consentRequested: true });
    });

    it('a confirm() from idle looks the number up first', async () => {
      const { store, getSign } = setup([answers.ok]);
      store.setConsent(true);
      const confirmed = store.confirm();
      await vi.runAllTimersAsync();
      expect((await confirmed).status).toBe('success');
      expect(getSign).toHaveBeenCalledTimes(1);
    });

    it('with instant, a number goes straight to success with no consent', async () => {
      const { store, statuses } = setup([answers.ok], { instant: true });
      store.lookup();
      await vi.runAllTimersAsync();
      expect(store.getState()).toMatchObject({ status: 'success', consent: false, carrier: 'mobile' });
      expect(statuses()).toEqual(['signing', 'requesting', 'polling 1', 'success']);
    });
  });

  describe('a ready number that has waited', () => {
    it('is used as it is within readyTtlMs (60 s by default)', async () => {
      const { store, getSign } = setup([answers.ok]);
      store.setConsent(true);
      store.lookup();
      await vi.runAllTimersAsync();
      vi.advanceTimersByTime(60_000);
      await store.confirm();
      expect(store.getState().status).toBe('success');
      expect(getSign).toHaveBeenCalledTimes(1);
    });

    it('is looked up again on confirm() past readyTtlMs, then succeeds: the same number, already agreed to', async () => {
      const { store, getSign, statuses } = setup([answers.ok]);
      store.setConsent(true);
      store.lookup();
      await vi.runAllTimersAsync();
      vi.advanceTimersByTime(60_001);
      const confirmed = store.confirm();
      await vi.runAllTimersAsync();
      expect((await confirmed).status).toBe('success');
      expect(getSign).toHaveBeenCalledTimes(2);
      expect(statuses().slice(-5)).toEqual(['ready', 'signing', 'requesting', 'polling 1', 'success']);
    });

    it('asks again when the fresh lookup finds another number: consent covers what was shown', async () => {
      const { store } = setup([answers.ok, withNumber('130****5678')]);
      store.lookup();
      await vi.runAllTimersAsync();
      store.setConsent(true); // on the step, for 134…, China Mobile's terms
      vi.advanceTimersByTime(60_001);
      store.confirm();
      await vi.runAllTimersAsync();
      expect(store.getState()).toMatchObject({
        status: 'ready',
        phone: '130****5678',
        carrier: 'unicom',
        consent: false,
        consentRequested: true,
      });
    });
  });

  describe('listeners', () => {
    it('a listener that throws is reported; the others still hear, and the flow goes on', async () => {
      const reported = vi.fn();
      vi.stubGlobal('reportError', reported);
      const { store, statuses } = setup([answers.ok], { instant: true });
      store.subscribe(() => {
        throw new Error('partner bug');
      });
      const settled = store.lookup();
      await vi.runAllTimersAsync();
      expect((await settled).status).toBe('success');
      expect(statuses()).toEqual(['signing', 'requesting', 'polling 1', 'success']);
      expect(reported).toHaveBeenCalledTimes(4);
      vi.unstubAllGlobals();
    });

    it('hear changes in order when a listener changes the state itself', async () => {
      const { store } = setup([answers.ok], { instant: true });
      store.subscribe((state) => state.status === 'success' && store.reset());
      const heard: string[] = [];
      store.subscribe((state, previous) => heard.push(`${previous.status}→${state.status}`));
      store.lookup();
      await vi.runAllTimersAsync();
      expect(heard.slice(-2)).toEqual(['polling→success', 'success→idle']);
    });

    it('a listener that subscribes while a change is delivered hears only later changes', async () => {
      const { store } = setup([answers.ok], { instant: true });
      const late: string[] = [];
      store.subscribe((state) => {
        if (state.status === 'signing') store.subscribe((next) => late.push(next.status));
      });
      store.lookup();
      await vi.runAllTimersAsync();
      expect(late).toEqual(['requesting', 'polling', 'success']);
    });

    it('without a page (no reportError), a throwing listener becomes a process warning, not a crash', async () => {
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      const { store } = setup([answers.ok], { instant: true });
      store.subscribe(() => {
        throw new Error('partner bug');
      });
      await Promise.all([store.lookup(), vi.runAllTimersAsync()]);
      expect(store.getState().status).toBe('success');
      expect(warn).toHaveBeenCalledWith(new Error('partner bug'));
      warn.mockRestore();
    });

    it('a confirm() from the first announcement joins the flow that announced it', async () => {
      const { store, getSign } = setup([answers.ok]);
      store.setConsent(true);
      let joined: Promise<OneTapState> | undefined;
      store.subscribe((state) => {
        if (state.status === 'signing') joined ??= store.confirm();
      });
      store.lookup();
      await vi.runAllTimersAsync();
      expect((await joined)?.status).toBe('success');
      expect(getSign).toHaveBeenCalledTimes(1);
    });
  });

  describe('cancel() and reset()', () => {
    it('cancel() ends a running lookup at once with ABORTED and sends nothing more', async () => {
      const { store, provider } = setup([answers.notReady]);
      store.lookup();
      await vi.advanceTimersByTimeAsync(800);
      const sent = provider.requests.length;
      store.cancel();
      expect(store.getState()).toMatchObject({
        status: 'error',
        error: { code: 'ABORTED', fallback: false },
      });
      await vi.runAllTimersAsync();
      expect(provider.requests.length).toBe(sent);
      expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'ABORTED' } });
    });

    it('cancel() leaves a ready number where it is', async () => {
      const { store } = setup([answers.ok]);
      store.lookup();
      await vi.runAllTimersAsync();
      store.cancel();
      expect(store.getState().status).toBe('ready');
    });

    it('reset() stops a lookup, forgets consent, and no late answer reaches the state', async () => {
      const { store, seen } = setup([answers.ok]);
      store.setConsent(true);
      store.lookup();
      await vi.advanceTimersByTimeAsync(100);
      store.reset();
      const count = seen.length;
      await vi.runAllTimersAsync();
      expect(store.getState()).toEqual({ status: 'idle', consent: false });
      expect(seen.length).toBe(count);
    });

    it('a lookup after reset() is a new flow whose number the old one cannot overwrite', async () => {
      let answerOld: (value: unknown) => void = () => undefined;
      const deaf = () => new Promise((resolve) => (answerOld = resolve)); // never looks at its signal
      const { store, getSign } = setup([deaf, answers.ok]);
      store.lookup();
      await vi.advanceTimersByTimeAsync(500);
      store.reset();
      store.lookup();
      await vi.runAllTimersAsync();
      answerOld(withNumber('130****5678')); // the first flow's query answers at last
      await vi.runAllTimersAsync();
      expect(store.getState()).toMatchObject({ status: 'ready', phone: '134****8682' });
      expect(getSign).toHaveBeenCalledTimes(2);
    });

    it('an answer that ignores the abort and comes after reset() changes nothing', async () => {
      let answer: (value: unknown) => void = () => undefined;
      const deaf = () => new Promise((resolve) => (answer = resolve)); // never looks at its signal
      const { store, seen } = setup([deaf]);
      store.lookup();
      await vi.advanceTimersByTimeAsync(500);
      store.reset();
      const count = seen.length;
      answer(answers.ok);
      await vi.runAllTimersAsync();
      expect(store.getState()).toEqual({ status: 'idle', consent: false });
      expect(seen.length).toBe(count);
    });

    it('unsubscribe stops the calls', async () => {
      const { store } = setup([answers.ok]);
      const listener = vi.fn();
      const unsubscribe = store.subscribe(listener);
      store.lookup();
      await vi.advanceTimersByTimeAsync(0);
      const calls = listener.mock.calls.length;
      unsubscribe();
      await vi.runAllTimersAsync();
      expect(calls).toBeGreaterThan(0);
      expect(listener).toHaveBeenCalledTimes(calls);
    });
  });

  describe('telemetry (onEvent)', () => {
    it('reports every phase with one flowId, its time, elapsed ms, queries and carrier, never the number or the sign', async () => {
      const events: OneTapEvent[] = [];
      const { store, getSign } = setup([answers.notReady, answers.ok], { onEvent: (e) => events.push(e) });
      const start = Date.now();
      store.setConsent(true);
      store.lookup();
      await vi.runAllTimersAsync();
      await store.confirm();
      expect(events.map((e) => e.status)).toEqual(['signing', 'requesting', 'polling', 'ready', 'success']);
      const flowIds = new Set(events.map((e) => e.flowId));
      expect(flowIds.size).toBe(1);
      expect(getSign.mock.calls[0]?.[0]).toMatchObject({ flowId: events[0]?.flowId });
      expect(events.at(-2)).toMatchObject({
        carrier: 'mobile',
        queries: 2,
        at: Date.now(),
        elapsedMs: Date.now() - start,
      });
      expect(events[0]).toMatchObject({ queries: 0, elapsedMs: 0 });
      expect(JSON.stringify(events)).not.toMatch(/8682|B0A63A58|haR4hJb/);
    });

    it('reports an error’s code and resCode', async () => {
      const events: OneTapEvent[] = [];
      const { store } = setup([answers.missing], { onEvent: (e) => events.push(e) });
      store.lookup();
      await vi.runAllTimersAsync();
      expect(events.at(-1)).toMatchObject({
        status: 'error',
        code: 'MISSING_PARAMS',
        resCode: '1',
        queries: 1,
      });
    });

    it('a throwing onEvent does not break the login, and is reported to the page', async () => {
      const reported = vi.fn();
      vi.stubGlobal('reportError', reported);
      const { store } = setup([answers.ok], {
        instant: true,
        onEvent: () => {
          throw new Error('analytics down');
        },
      });
      store.lookup();
      await vi.runAllTimersAsync();
      expect(store.getState().status).toBe('success');
      expect(reported).toHaveBeenCalledWith(new Error('analytics down'));
      vi.unstubAllGlobals();
    });
  });
});

// No fake globals here: the injected clock must be the only time source.
describe('the store on an injected clock', () => {
  it('takes every delay, deadline and timestamp from it', async () => {
    const { clock, advance, pending } = manualClock();
    const { store, provider } = setup([answers.notReady, answers.ok], { clock });
    store.lookup();
    await advance(399);
    expect(provider.queries()).toBe(0);
    await advance(1);
    expect(provider.queries()).toBe(1);
    await advance(400);
    expect(store.getState()).toMatchObject({ status: 'ready', readyAt: clock.now() });
    expect(pending()).toBe(0);
  });

  it('times a lookup out at deadlineMs of its time', async () => {
    const { clock, advance } = manualClock();
    const { store } = setup([hang], { clock, deadlineMs: 3000, requestTimeoutMs: 60_000 });
    store.lookup();
    await advance(2999);
    expect(store.getState().status).toBe('polling');
    await advance(1);
    expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'TIMEOUT' } });
  });
});
