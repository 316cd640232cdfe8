import { describe, expect, it, vi } from 'vitest';
import {
  confirmResult,
  createConfirmHandler,
  createSignHandler,
  createTokenClient,
} from '../../src/server/node';
import { memoryTokenStore } from '../../src/server/tokens/tokenStore';

// An http: provider URL lets anyone on the path rewrite Yuefu's answers: said once per process
// and URL, through the logger, wherever the URL is first given. Each test uses URLs of its own:
// the once is per process.
const app = { appId: 'warnapp', aesKey: 'Qw3rTy7uI9oP1aS5' };
const logger = () => ({ error: vi.fn(), warn: vi.fn() });

describe('the plain-http warning', () => {
  it('is said once per URL, through the logger, whichever part is made first', async () => {
    const baseUrl = 'http://yuefu-a.example/getphone';
    const first = logger();
    createSignHandler({ ...app, baseUrl, logger: first });
    expect(first.warn).toHaveBeenCalledOnce();
    const [message] = first.warn.mock.calls[0] as [string];
    expect(message).toContain('plain http (http://yuefu-a.example/getphone)');
    expect(message).toMatch(/rewrite Yuefu's answers/);
    expect(message).toMatch(/https: address/);

    const later = logger();
    createSignHandler({ ...app, baseUrl, logger: later });
    createTokenClient({ ...app, baseUrl, logger: later });
    createConfirmHandler({
      ...app,
      baseUrl,
      store: memoryTokenStore(),
      logger: later,
      onConfirmed: () => new Response(),
    });
    await confirmResult({ ...app, baseUrl, store: memoryTokenStore(), sign: 'x', logger: later }).catch(
      () => undefined,
    );
    expect(later.warn).not.toHaveBeenCalled();

    const other = logger();
    createTokenClient({ ...app, baseUrl: 'http://yuefu-b.example/getphone', logger: other });
    expect(other.warn).toHaveBeenCalledOnce();
  });

  it('is said by confirmResult and the confirm route too', async () => {
    const confirming = logger();
    await confirmResult({
      ...app,
      baseUrl: 'http://yuefu-c.example/getphone',
      store: memoryTokenStore(),
      sign: 'x',
      logger: confirming,
    }).catch(() => undefined);
    expect(confirming.warn).toHaveBeenCalledOnce();
    const route = logger();
    createConfirmHandler({
      ...app,
      baseUrl: 'http://yuefu-d.example/getphone',
      store: memoryTokenStore(),
      logger: route,
      onConfirmed: () => new Response(),
    });
    expect(route.warn).toHaveBeenCalledOnce();
  });

  it('is not said for https:, nor for a loopback provider (the mock, a tunnel)', () => {
    const quiet = logger();
    for (const baseUrl of [
      'https://yuefu-e.example/getphone',
      'http://127.0.0.1:4010/getphone',
      'http://localhost:4010/getphone',
      'http://[::1]:4010/getphone',
    ]) {
      createSignHandler({ ...app, baseUrl, logger: quiet });
    }
    expect(quiet.warn).not.toHaveBeenCalled();
  });

  it('is a process warning where no logger is given', () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      createTokenClient({ ...app, baseUrl: 'http://yuefu-f.example/getphone' });
      expect(emit).toHaveBeenCalledWith(expect.stringContaining('plain http'), 'OneTapPhoneWarning');
    } finally {
      emit.mockRestore();
    }
  });
});
