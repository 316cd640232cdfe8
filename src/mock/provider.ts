import { openSign, type SignParams } from '../server/index.js';
import { type MockContext, type MockRequestRecord, type ResolvedApp, randomHex } from './options.js';
import { answer, callbackOf, type Envelope, envelopeOf, status } from './responses.js';
import type { Spoiler } from './spoil.js';
import type { Tokens } from './tokens.js';

/** Lookups kept at most: a long-running mock forgets the oldest. */
const MAX_LOOKUPS = 10_000;
const mask = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

export interface Provider {
  getphone(url: URL): Promise<Response>;
  query(url: URL): Promise<Response>;
}

/** getphone and query, as docs/protocol.md describes them; the carrier resolves behind getphone. */
export function createProvider(context: MockContext, tokens: Tokens, spoil: Spoiler): Provider {
  const { clock, apps, record } = context;
  const lookups = new Map<string, { readyAt: number; par: string; phone: string }>();

  /** The envelope as JSONP or JSON; a callback that is not an identifier gets HTTP 400. */
  function reply(endpoint: MockRequestRecord['endpoint'], url: URL, envelope: Envelope): Response {
    const appId = url.searchParams.get('appId');
    const callback = callbackOf(url);
    if (callback === undefined) {
      record({ endpoint, appId, status: 400, resCode: undefined });
      return status(400, 'callback must be a JavaScript identifier');
    }
    record({ endpoint, appId, status: 200, resCode: envelope.resCode });
    return answer(callback, envelope);
  }

  /** The provider's sign check: the app's key, exactly four keys, same appId, a live token. */
  async function verify(appId: string, sign: string): Promise<SignParams | undefined> {
    const app = apps.get(appId);
    if (!app) return undefined;
    const params = await openSign(sign, app.aesKey).catch(() => undefined);
    if (!params || params.appId !== appId || !tokens.live(params.token, appId)) return undefined;
    return params;
  }

  /** The carrier starts resolving the phone behind a valid sign (once per sign). */
  function startLookup(app: ResolvedApp, sign: string): void {
    if (lookups.has(sign)) return;
    const { carrier } = context.plan(app);
    const delay =
      carrier === 'never'
        ? Number.POSITIVE_INFINITY
        : carrier === 'slowResolveMs'
          ? context.slowResolveMs
          : app.resolveMs;
    lookups.set(sign, { readyAt: clock.now() + delay, par: randomHex(), phone: app.phone });
    if (lookups.size > MAX_LOOKUPS) lookups.delete(lookups.keys().next().value as string);
  }

  return {
    async getphone(url) {
      const appId = url.searchParams.get('appId');
      const sign = url.searchParams.get('sign');
      if (!appId || !sign) return reply('getphone', url, envelopeOf('1', '缺少参数'));
      const app = apps.get(appId);
      const params = await verify(appId, sign);
      if (app && params) startLookup(app, sign); // the carrier sees the request whatever the answer
      const spoiled = await spoil('getphone', appId, url);
      if (spoiled) return spoiled;
      if (!app || !params) return reply('getphone', url, envelopeOf('2', 'token失效'));
      tokens.seenAtGetphone(params.token);
      return reply('getphone', url, { success: true, resCode: '0', message: '请查询结果' });
    },

    async query(url) {
      const appId = url.searchParams.get('appId');
      const sign = url.searchParams.get('sign');
      if (!appId || !sign) return reply('query', url, envelopeOf('1', '缺少参数'));
      const spoiled = await spoil('query', appId, url);
      if (spoiled) return spoiled;
      if (!(await verify(appId, sign))) return reply('query', url, envelopeOf('2', 'token失效'));
      const lookup = lookups.get(sign);
      if (!lookup || lookup.readyAt > clock.now())
        return reply('query', url, envelopeOf('3', '获取结果失败'));
      return reply('query', url, {
        success: true,
        resCode: '0',
        object: { par: lookup.par, phone: mask(lookup.phone) },
      });
    },
  };
}
