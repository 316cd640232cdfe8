import { createDecipheriv } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A provider that is not our mock: plain node:http, its own AES (node:crypto's aes-128-ecb with
// OpenSSL's padding), none of the library's code. It answers any sign that decrypts with the
// app's key and carries a live token, as the real one does: signs the partner never issued
// included, since the provider cannot tell. Counts every request, for the tests' bounds.

export interface FakeYuefu {
  baseUrl: string;
  appId: string;
  aesKey: string;
  counts: { token: number; getphone: number; query: number };
  /** While true, a query with a live sign answers resCode 3: the carrier never resolves. */
  unresolved: boolean;
  /** What a resCode 0 query answers; change it to answer markup or a malformed par. */
  result: { phone: string; par: string };
  /** What the token endpoint answers: '0' a token, '1'/'2'/'3' Yuefu's refusals. @defaultValue '0' */
  tokenResCode: string;
  /** Revokes every token issued so far: queries with them answer resCode 2. */
  revokeAll(): void;
  /** Holds the next token request open, unanswered (a fetch a dying instance never finishes). */
  holdNextToken(): void;
  close(): Promise<void>;
}

const APP_ID = 'fakeapp';
const AES_KEY = 'Qw3rTy7uI9oP1aS5';

function decrypt(sign: string, aesKey: string): Record<string, unknown> | undefined {
  try {
    const decipher = createDecipheriv('aes-128-ecb', Buffer.from(aesKey, 'utf8'), null);
    const plain = Buffer.concat([decipher.update(Buffer.from(sign, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export async function startFakeYuefu(): Promise<FakeYuefu> {
  const live = new Set<string>();
  const held: ServerResponse[] = [];
  let holdNext = false;
  let issued = 0;

  const send = (res: ServerResponse, url: URL, body: unknown) => {
    const callback = url.searchParams.get('callback');
    if (callback !== null) {
      res.writeHead(200, { 'content-type': 'application/javascript' });
      res.end(`/**/${callback}(${JSON.stringify(body)});`);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    }
  };
  const signed = (url: URL) => {
    const appId = url.searchParams.get('appId');
    const sign = url.searchParams.get('sign');
    if (!appId || !sign) return 'missing';
    const params = decrypt(sign, AES_KEY);
    return appId === APP_ID && params?.appId === APP_ID && live.has(String(params.token)) ? 'ok' : 'dead';
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake.yuefu');
    if (url.pathname === '/getphone/token' && req.method === 'POST') {
      fake.counts.token++;
      if (fake.tokenResCode !== '0') {
        return send(res, url, { resCode: fake.tokenResCode, success: false, message: 'refused' });
      }
      if (holdNext) {
        holdNext = false;
        held.push(res);
        return;
      }
      const token = `FAKE${String(++issued).padStart(28, '0')}`;
      live.add(token);
      return send(res, url, { resCode: '0', success: true, message: token });
    }
    if (url.pathname === '/getphone' || url.pathname === '/getphone/query') {
      const query = url.pathname.endsWith('/query');
      if (query) fake.counts.query++;
      else fake.counts.getphone++;
      const state = signed(url);
      if (state === 'missing') return send(res, url, { resCode: '1', success: false, message: '缺少参数' });
      if (state === 'dead') return send(res, url, { resCode: '2', success: false, message: 'token失效' });
      if (query && fake.unresolved)
        return send(res, url, { resCode: '3', success: false, message: '取号中' });
      return send(
        res,
        url,
        query ? { resCode: '0', success: true, object: { ...fake.result } } : { resCode: '0', success: true },
      );
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeYuefu = {
    baseUrl: `http://127.0.0.1:${port}/getphone`,
    appId: APP_ID,
    aesKey: AES_KEY,
    counts: { token: 0, getphone: 0, query: 0 },
    unresolved: false,
    tokenResCode: '0',
    result: { phone: '138****5678', par: 'A1B2C3D4E5F60718293A4B5C6D7E8F90' },
    revokeAll: () => live.clear(),
    holdNextToken: () => {
      holdNext = true;
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
