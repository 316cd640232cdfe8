import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OneTapError } from '../../src/core/errors';
import { obtainSign, parseSignBody, signUrlGetter, withParams } from '../../src/core/signFetch';
import { SAMPLE_SIGN } from '../support/scriptedProvider';

describe('parseSignBody', () => {
  it.each([
    ['plain text', SAMPLE_SIGN],
    ['plain text with a newline', `${SAMPLE_SIGN}\n`],
    ['a JSON string', JSON.stringify(SAMPLE_SIGN)],
    ['a JSON object with sign', JSON.stringify({ sign: SAMPLE_SIGN, expiresIn: 1800 })],
  ])('reads %s', (_name, body) => {
    expect(parseSignBody(body)).toBe(SAMPLE_SIGN);
  });

  it.each([
    ['an empty body', ''],
    ['an HTML error page', '<!doctype html><title>502 Bad Gateway</title>'],
    ['broken JSON', '{"sign": '],
    ['an object without sign', '{"data":"x"}'],
    ['sign null', '{"sign":null}'],
    ['a sign that is not Base64', '{"sign":"not a sign at all, really"}'],
    ['a sign whose + became a space', SAMPLE_SIGN.replace('+', ' ')],
    ['a short token', 'abc='],
  ])('rejects %s as SIGN_FAILED', (_name, body) => {
    expect(() => parseSignBody(body)).toThrowError(expect.objectContaining({ code: 'SIGN_FAILED' }));
  });

  it('refuses a body over 1 KB before parsing it, even one whose sign field is valid', () => {
    const padded = JSON.stringify({ sign: SAMPLE_SIGN, padding: 'x'.repeat(1024) });
    expect(() => parseSignBody(padded)).toThrowError(
      expect.objectContaining({ code: 'SIGN_FAILED', message: expect.stringContaining('a body of') }),
    );
    expect(() => parseSignBody('x'.repeat(9_000_000))).toThrowError(
      expect.objectContaining({ code: 'SIGN_FAILED' }),
    );
  });

  it('never echoes the body in its message', () => {
    const secret = 'x'.repeat(30);
    expect(() => parseSignBody(`{"sign":"${secret} !"}`)).toThrowError(
      expect.not.objectContaining({ message: expect.stringContaining(secret) }),
    );
  });
});

describe('withParams', () => {
  it.each([
    ['/api/sign', '/api/sign?appId=wozhi%20test'],
    ['/api/sign?v=2', '/api/sign?v=2&appId=wozhi%20test'],
    ['/api/sign?', '/api/sign?appId=wozhi%20test'],
    ['/api/sign?appId=other', '/api/sign?appId=other'],
    ['https://p.test/sign#frag', 'https://p.test/sign?appId=wozhi%20test#frag'],
  ])('%s → %s', (input, output) => {
    expect(withParams(input, { appId: 'wozhi test' })).toBe(output);
  });
});

it('withParams adds every missing parameter in order', () => {
  expect(withParams('/sign?appId=a', { appId: 'b', reason: 'token-expired' })).toBe(
    '/sign?appId=a&reason=token-expired',
  );
});

describe('signUrlGetter', () => {
  const signal = new AbortController().signal;
  const context = { appId: 'wozhitest', reason: 'initial' as const, signal, flowId: '' };
  const getter = (respond: (url: RequestInfo | URL, init?: RequestInit) => Promise<Response>) => {
    const fetch = vi.fn(respond);
    return { fetch, getSign: signUrlGetter({ signUrl: 'https://p.test/demo', appId: 'wozhitest', fetch }) };
  };

  it('GETs the endpoint with appId and returns the sign', async () => {
    const { fetch, getSign } = getter(async () => new Response(JSON.stringify({ sign: SAMPLE_SIGN })));
    await expect(getSign(context)).resolves.toBe(SAMPLE_SIGN);
    expect(fetch).toHaveBeenCalledWith(
      'https://p.test/demo?appId=wozhitest',
      expect.objectContaining({ method: 'GET', signal }),
    );
  });

  it('asks again after resCode 2 with the expired sign, encoded, for the server to check', async () => {
    const { fetch, getSign } = getter(async () => new Response(SAMPLE_SIGN));
    await getSign({ ...context, flowId: 'f1', reason: 'token-expired', expiredSign: SAMPLE_SIGN });
    expect(fetch.mock.calls[0]?.[0]).toBe(
      `https://p.test/demo?appId=wozhitest&reason=token-expired&flowId=f1&sign=${encodeURIComponent(SAMPLE_SIGN)}`,
    );
  });

  it('names the sign endpoint’s own error code when it refuses (a wrong appId, say)', async () => {
    const body = JSON.stringify({ error: { code: 'UNKNOWN_APP_ID', message: 'not ours' } });
    const { getSign } = getter(async () => new Response(body, { status: 403 }));
    await expect(getSign(context)).rejects.toThrow('the sign endpoint answered HTTP 403 UNKNOWN_APP_ID');
  });

  it('sends the flow’s flowId, so the server’s logs can be joined to the page’s events', async () => {
    const { fetch, getSign } = getter(async () => new Response(SAMPLE_SIGN));
    await getSign({ ...context, flowId: 'k2f9x0ab', reason: 'token-expired' });
    expect(fetch.mock.calls[0]?.[0]).toBe(
      'https://p.test/demo?appId=wozhitest&reason=token-expired&flowId=k2f9x0ab',
    );
  });

  it('passes signRequestInit through (credentials, headers)', async () => {
    const fetch = vi.fn(async () => new Response(SAMPLE_SIGN));
    const getSign = signUrlGetter({
      signUrl: '/sign',
      appId: 'a',
      fetch,
      signRequestInit: { credentials: 'include', headers: { 'x-csrf': 't' } },
    });
    await getSign(context);
    expect(fetch).toHaveBeenCalledWith(
      '/sign?appId=a',
      expect.objectContaining({ credentials: 'include', headers: { 'x-csrf': 't' } }),
    );
  });

  it.each([401, 404, 500, 503])('turns HTTP %i into SIGN_FAILED that keeps the status', async (status) => {
    const { getSign } = getter(async () => new Response('oops', { status }));
    const error = await Promise.resolve(getSign(context)).catch((e: OneTapError) => e);
    expect(error).toMatchObject({ code: 'SIGN_FAILED', cause: { status } });
  });

  it('turns a network failure into SIGN_FAILED with the cause kept', async () => {
    const failure = new TypeError('Failed to fetch');
    const { getSign } = getter(async () => {
      throw failure;
    });
    await expect(getSign(context)).rejects.toMatchObject({ code: 'SIGN_FAILED', cause: failure });
  });
});

describe('obtainSign', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const ctx = { appId: 'a', reason: 'initial' as const, signal: undefined, flowId: 'f1' };

  it('wraps a getSign that throws', async () => {
    const cause = new Error('db down');
    await expect(
      obtainSign(
        () => {
          throw cause;
        },
        ctx,
        1000,
      ),
    ).rejects.toMatchObject({ code: 'SIGN_FAILED', cause });
  });

  it.each([
    ['undefined', undefined],
    ['a number', 42],
    ['an object', { sign: SAMPLE_SIGN }],
  ])('rejects a getSign that returns %s', async (_name, value) => {
    await expect(obtainSign(() => value as unknown as string, ctx, 1000)).rejects.toMatchObject({
      code: 'SIGN_FAILED',
    });
  });

  it('accepts a synchronous getSign', async () => {
    await expect(obtainSign(() => SAMPLE_SIGN, ctx, 1000)).resolves.toBe(SAMPLE_SIGN);
  });

  it('aborts the fetch signal on its timeout', async () => {
    vi.useFakeTimers();
    let seen: AbortSignal | undefined;
    const pending = obtainSign(
      ({ signal }) => {
        seen = signal;
        return new Promise<string>(() => undefined);
      },
      ctx,
      500,
    );
    pending.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(500);
    await expect(pending).rejects.toMatchObject({ code: 'SIGN_FAILED' });
    expect(seen?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with ABORTED, not SIGN_FAILED, when the caller cancels', async () => {
    const controller = new AbortController();
    const pending = obtainSign(
      () => new Promise<string>(() => undefined),
      { ...ctx, signal: controller.signal },
      5000,
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
