// What the partner backend of ./partnerBackend.ts remembers, written from docs/backends.md on
// node:crypto alone: the token (cached, a failed request remembered for 2 s), the signs it issued
// with their binding, the provider queries each sign has cost, and the report cooldown per token;
// and the fixed worker pool one of its broken variants serves on.
import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface SignFields {
  appId: string;
  reqId: string;
  timeStamp: string;
  token: string;
}

export function seal(plaintext: string, aesKey: string): string {
  const cipher = createCipheriv('aes-128-ecb', Buffer.from(aesKey, 'utf8'), null);
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function open(sign: string, aesKey: string): SignFields | undefined {
  try {
    const decipher = createDecipheriv('aes-128-ecb', Buffer.from(aesKey, 'utf8'), null);
    const plain = Buffer.concat([decipher.update(Buffer.from(sign, 'base64')), decipher.final()]).toString(
      'utf8',
    );
    const value = JSON.parse(plain) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const fields = value as Record<string, unknown>;
    if (Object.keys(fields).sort().join() !== 'appId,reqId,timeStamp,token') return undefined;
    if (Object.values(fields).some((v) => typeof v !== 'string')) return undefined;
    return fields as unknown as SignFields;
  } catch {
    return undefined;
  }
}

export const randomReqId = () => Array.from({ length: 30 }, () => randomInt(10)).join('');
/** A binding id: 128 random bits, new for every sign. */
export const randomBinding = () => randomBytes(16).toString('base64url');

/** A failed token request: answered again, at once, for this long. */
const FAILURE_MEMORY_MS = 2000;
const QUERIES_PER_SIGN = 3;
const REPORT_COOLDOWN_MS = 5000;

/** A token request the provider refused, or that failed: the sign route answers 502 with its code. */
export class TokenFailure extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** The token cache: one fetch at a time, and a failure remembered unless `forget` says not to. */
export function tokenCache(fetchToken: () => Promise<string>, rules: { cache: boolean; remember: boolean }) {
  let cached: { value: string; expiresAt: number } | undefined;
  let fetching: Promise<string> | undefined;
  let failed: { error: unknown; until: number } | undefined;
  const fetchAndCache = async () => {
    try {
      const value = await fetchToken();
      cached = { value, expiresAt: Date.now() + 29 * 60_000 };
      return value;
    } catch (error) {
      if (rules.remember) failed = { error, until: Date.now() + FAILURE_MEMORY_MS };
      throw error;
    }
  };
  return {
    current: () => cached?.value,
    drop(token: string) {
      if (cached?.value === token) cached = undefined;
    },
    async get(): Promise<string> {
      if (!rules.cache) return fetchAndCache();
      if (cached && cached.expiresAt > Date.now()) return cached.value;
      if (failed && failed.until > Date.now()) throw failed.error;
      fetching ??= fetchAndCache().finally(() => {
        fetching = undefined;
      });
      return fetching;
    },
  };
}

/**
 * The signs issued (by reqId): the bindings they were issued with, and the provider queries the
 * latest has cost. A reqId issued again (a backend with a fixed reqId) keeps every binding it was
 * issued with, so that only sign-req-id-unique tells of that fault.
 */
export function signRecords(rules: { budget: boolean; cooldown: boolean }) {
  const issued = new Map<string, { bindings: Set<string | undefined>; queries: number }>();
  const checkedAt = new Map<string, number>();
  return {
    issue(reqId: string, binding: string | undefined) {
      const bindings = issued.get(reqId)?.bindings ?? new Set();
      issued.set(reqId, { bindings: bindings.add(binding), queries: 0 });
    },
    issued: (reqId: string) => issued.has(reqId),
    /** Whether `binding` (from the request's cookie) is one the sign was issued with. */
    boundTo: (reqId: string, binding: string | undefined) =>
      issued.get(reqId)?.bindings.has(binding) === true,
    /** Takes one of the sign's provider queries; false when it has spent them all. */
    takeQuery(reqId: string): boolean {
      const record = issued.get(reqId);
      if (!record) return false;
      if (rules.budget && record.queries >= QUERIES_PER_SIGN) return false;
      record.queries += 1;
      return true;
    },
    /** Whether a report may ask the provider about `token` now (at most once per 5 s). */
    mayCheck(token: string): boolean {
      if (!rules.cooldown) return true;
      const last = checkedAt.get(token);
      if (last !== undefined && Date.now() - last < REPORT_COOLDOWN_MS) return false;
      checkedAt.set(token, Date.now());
      return true;
    },
  };
}

/** `handle` on `size` workers: a request waits for a free one and holds it until its answer is done. */
export function pooled(size: number, handle: (req: IncomingMessage, res: ServerResponse) => void) {
  let busy = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    while (busy < size && waiting.length > 0) waiting.shift()?.();
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    let state: 'waiting' | 'running' | 'closed' = 'waiting';
    res.once('close', () => {
      if (state === 'running') busy -= 1;
      state = 'closed';
      next();
    });
    waiting.push(() => {
      if (state !== 'waiting') return; // closed while it waited: it holds no worker
      state = 'running';
      busy += 1;
      handle(req, res);
    });
    next();
  };
}
