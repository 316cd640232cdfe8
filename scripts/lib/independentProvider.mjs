// A second, independent implementation of the provider's side of the protocol, for checks that
// must not pass only because our mock and our client agree with each other: it opens signs with
// node:crypto itself (not our code), answers JSONP as the provider's document shows, and counts
// what it was asked (`requests`: any at all). Loopback only; `phone` can be changed between
// flows, `resolves` set to false for a carrier that never tells the number (query answers
// resCode 3), and `expireAtQuery` set to true to let every token expire at the next query (it
// answers resCode 2, once).
import { createDecipheriv, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const CALLBACK = /^[A-Za-z_$][\w$]{0,63}$/;

export async function startIndependentProvider({ appId, aesKey, phone = '13412348682' }) {
  const tokens = new Set();
  const state = { phone, resolves: true, expireAtQuery: false, requests: 0, tokenRequests: 0, queries: 0 };
  const open = (sign) => {
    try {
      const decipher = createDecipheriv('aes-128-ecb', Buffer.from(aesKey, 'utf8'), null);
      const plain = Buffer.concat([decipher.update(Buffer.from(sign, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8'));
    } catch {
      return undefined;
    }
  };
  const server = createServer((req, res) => {
    state.requests++;
    const url = new URL(req.url, 'http://provider');
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
      res.end(body);
    };
    const answer = (envelope) => {
      const callback = url.searchParams.get('callback');
      if (callback && !CALLBACK.test(callback)) return send(400, 'text/plain', 'bad callback');
      const json = JSON.stringify(envelope);
      return callback
        ? send(200, 'application/javascript', `${callback}(${json})`)
        : send(200, 'application/json', json);
    };
    if (req.method === 'POST' && url.pathname === '/getphone/token') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        state.tokenRequests++;
        if (new URLSearchParams(body).get('appId') !== appId) return answer({ success: false, resCode: 2 });
        const token = randomBytes(16).toString('hex').toUpperCase();
        tokens.add(token);
        answer({ success: true, resCode: 0, message: token });
      });
      return;
    }
    const params = open(url.searchParams.get('sign') ?? '');
    const valid =
      params?.appId === appId && url.searchParams.get('appId') === appId && tokens.has(params.token);
    if (url.pathname === '/getphone')
      return answer(valid ? { success: true, resCode: 0 } : { success: false, resCode: 1 });
    if (url.pathname === '/getphone/query') {
      state.queries++;
      const expired = state.expireAtQuery;
      state.expireAtQuery = false;
      if (expired) tokens.clear();
      if (!valid || expired) return answer({ success: false, resCode: 2, message: 'token失效' });
      if (!state.resolves) return answer({ success: false, resCode: 3, message: '获取结果失败' });
      const masked = `${state.phone.slice(0, 3)}****${state.phone.slice(-4)}`;
      return answer({
        success: true,
        resCode: 0,
        object: { phone: masked, par: randomBytes(16).toString('hex') },
      });
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    state,
    baseUrl: `${origin}/getphone`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
