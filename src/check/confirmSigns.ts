// The signs the confirm checks post, each in the session that asked for it: the backend's own
// signs looked up at the mock, signs the check builds itself, and bodies that hold no sign.
import { createCipheriv, randomBytes } from 'node:crypto';
import { buildSign } from '../server/node.js';
import { CheckBrowser } from './browser.js';
import { CHECK_APP, type CheckMock } from './checkMock.js';
import { openSignStrictly } from './signOpen.js';

export const STALE_MS = 3 * 60_000;

/** A session and the sign it posts; `sign` undefined: none could be had (see the sign checks). */
export interface SessionSign {
  browser: CheckBrowser;
  sign: string | undefined;
}

/** A sign that opens with `aesKey` to JSON that is not the four fields. */
function foreignJsonSign(aesKey: string): string {
  const cipher = createCipheriv('aes-128-ecb', Buffer.from(aesKey, 'utf8'), null);
  return Buffer.concat([cipher.update('{"appId":1,"hello":"world"}', 'utf8'), cipher.final()]).toString(
    'base64',
  );
}

/** Bodies no confirm route should answer with 2xx or 5xx. */
export const garbage = (): { what: string; body: string }[] => [
  { what: 'body that is not JSON', body: 'not json' },
  { what: 'JSON array', body: '[]' },
  { what: 'body without a sign', body: '{}' },
  { what: 'sign that is a number', body: '{"sign":42}' },
  { what: 'sign that is not Base64', body: '{"sign":"not a sign!"}' },
  { what: 'sign of random bytes', body: JSON.stringify({ sign: randomBytes(96).toString('base64') }) },
  {
    what: 'sign holding other JSON under your key',
    body: JSON.stringify({ sign: foreignJsonSign(CHECK_APP.aesKey) }),
  },
  // 4 KB: over the 1 KB a sign can be, under what a socket buffers (a route may answer 413 unread).
  { what: 'sign of 4 KB', body: JSON.stringify({ sign: 'A'.repeat(4096) }) },
];

/** A sign from the backend's sign route, in its own session; looked up to resCode 0 unless `lookUp` is false. */
export async function backendSign(mock: CheckMock, signUrl: string, lookUp = true): Promise<SessionSign> {
  const browser = new CheckBrowser(CHECK_APP.appId);
  const { sign } = await browser.sign(signUrl);
  if (!lookUp) return { browser, sign };
  const found = sign !== undefined && (await mock.lookUp(CHECK_APP.appId, sign)).resCode === '0';
  return { browser, sign: found ? sign : undefined };
}

/** A sign the check builds itself, looked up at the mock, posted from a session that has signed once. */
export async function builtSign(
  mock: CheckMock,
  signUrl: string,
  app: { appId: string; aesKey: string },
  ageMs: number,
): Promise<SessionSign> {
  const browser = new CheckBrowser(CHECK_APP.appId);
  await browser.sign(signUrl); // for any session cookie the backend binds signs to
  const token = await mock.token(app.appId);
  const sign = await buildSign(
    { appId: app.appId, token, timeStamp: String(Date.now() - ageMs) },
    app.aesKey,
  );
  const { resCode } = await mock.lookUp(app.appId, sign);
  if (resCode !== '0') throw new Error(`the mock did not resolve the check's own sign (resCode ${resCode})`);
  return { browser, sign };
}

/**
 * A sign the backend issued, opened with the app's key and sealed again with its timeStamp
 * {@link STALE_MS} back and the same appId, reqId and token, then looked up at the mock; kept
 * with the session that asked for it, so that a backend that binds its signs to a session
 * cookie finds the binding right and only the age is left to refuse. Undefined `sign`: the
 * backend's sign does not open into the app's fields, or the mock does not resolve it.
 */
export async function reissuedStale(mock: CheckMock, signUrl: string): Promise<SessionSign> {
  const browser = new CheckBrowser(CHECK_APP.appId);
  const { sign } = await browser.sign(signUrl);
  const opened = sign === undefined ? undefined : openSignStrictly(sign, CHECK_APP.aesKey);
  if (!opened?.ok || opened.params.appId !== CHECK_APP.appId) return { browser, sign: undefined };
  const stale = await buildSign(
    { ...opened.params, timeStamp: String(Date.now() - STALE_MS) },
    CHECK_APP.aesKey,
  );
  const found = (await mock.lookUp(CHECK_APP.appId, stale)).resCode === '0';
  return { browser, sign: found ? stale : undefined };
}
