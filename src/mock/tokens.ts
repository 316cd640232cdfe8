import { type MockContext, randomHex } from './options.js';
import { type Envelope, envelopeOf, json, status } from './responses.js';

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

interface Token {
  appId: string;
  expiresAt: number;
  revoked: boolean;
  /** Dies when getphone first sees it (the token-expired scenarios). */
  dieAtGetphone: boolean;
}

export interface Tokens {
  /** The token endpoint: POST `appId=…`, from a whitelisted caller. */
  endpoint(request: Request, clientAddress: string | undefined): Promise<Response>;
  /** Whether `value` is a live token of `appId`. */
  live(value: string, appId: string): boolean;
  /** getphone saw the token: one the scenario says dies there, dies. */
  seenAtGetphone(value: string): void;
}

export function createTokens(context: MockContext): Tokens {
  const { clock, apps, record, tokenTtlMs } = context;
  const tokens = new Map<string, Token>();
  const issuedPerApp = new Map<string, number>();
  const whitelisted = (address: string | undefined) => {
    if (address === undefined) return true; // in-browser hosting: there is no caller address
    const list = context.whitelist ?? LOOPBACK;
    return typeof list === 'function' ? list(address) : list.includes(address);
  };

  return {
    async endpoint(request, clientAddress) {
      if (request.method !== 'POST') {
        record({ endpoint: 'token', appId: null, status: 405, resCode: undefined });
        return status(405, 'POST only', { allow: 'POST' });
      }
      const appId = new URLSearchParams(await request.text()).get('appId');
      const app = appId === null ? undefined : apps.get(appId);
      const send = (envelope: Envelope) => {
        record({ endpoint: 'token', appId, status: 200, resCode: envelope.resCode });
        return json(envelope);
      };
      if (!whitelisted(clientAddress)) return send(envelopeOf('1', '用户IP不在白名单内'));
      if (!app || app.enabled === false) return send(envelopeOf('2', '用户未开通功能'));
      const now = clock.now();
      for (const [value, entry] of tokens) if (entry.expiresAt <= now) tokens.delete(value);
      const issued = issuedPerApp.get(app.appId) ?? 0;
      issuedPerApp.set(app.appId, issued + 1);
      const value = randomHex();
      tokens.set(value, {
        appId: app.appId,
        expiresAt: now + tokenTtlMs,
        revoked: false,
        dieAtGetphone: issued < context.plan(app).expiringTokens,
      });
      return send({ resCode: '0', success: true, message: value });
    },
    live(value, appId) {
      const token = tokens.get(value);
      return !!token && token.appId === appId && !token.revoked && token.expiresAt > clock.now();
    },
    seenAtGetphone(value) {
      const token = tokens.get(value);
      if (token?.dieAtGetphone) token.revoked = true;
    },
  };
}
