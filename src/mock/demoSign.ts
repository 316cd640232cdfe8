import { createSignHandler, createTokenClient, type SignHandler } from '../server/index.js';
import type { MockContext } from './options.js';
import { json } from './responses.js';
import type { Spoiler } from './spoil.js';

const CORS = { 'access-control-allow-origin': '*' };

/**
 * The partner side at `/demo/sign`, built with the server helpers and talking to the mock
 * in-process, so a page or a story needs nothing but the mock to get a sign.
 */
export function createDemoSign(
  context: MockContext,
  spoil: Spoiler,
  providerFetch: (request: Request) => Promise<Response>,
): (request: Request) => Promise<Response> {
  const { basePath, clock, apps, record, tokenTtlMs } = context;
  const handlers = new Map<string, SignHandler>();
  const internalBase = `http://mock-yuefu.internal${basePath}`;

  function handlerFor(appId: string): SignHandler | undefined {
    const app = apps.get(appId);
    let handler = handlers.get(appId);
    if (app && !handler) {
      const tokens = createTokenClient({
        appId,
        baseUrl: internalBase,
        fetch: (input, init) => providerFetch(new Request(input, init)),
        ttlMs: tokenTtlMs,
        clock,
      });
      handler = createSignHandler({
        appId,
        aesKey: app.aesKey,
        tokens,
        // Its re-check of a reported sign asks the mock in-process, as the token client does.
        baseUrl: internalBase,
        fetch: (input, init) => providerFetch(new Request(input, init)),
        cors: true,
        clock,
      });
      handlers.set(appId, handler);
    }
    return handler;
  }

  return async (request) => {
    const url = new URL(request.url);
    const appId = url.searchParams.get('appId') ?? '';
    const spoiled = await spoil('sign', appId, url);
    if (spoiled) {
      spoiled.headers.set('access-control-allow-origin', '*');
      return spoiled;
    }
    const handler = handlerFor(appId);
    const response = handler
      ? await handler(request)
      : json(
          { error: { code: 'UNKNOWN_APP_ID', message: 'No such mock app' } },
          { status: 403, headers: CORS },
        );
    record({ endpoint: 'sign', appId, status: response.status, resCode: undefined });
    return response;
  };
}
