// A TypeScript CommonJS consumer, type-checked by scripts/check-packed-bin.mjs against the
// packed declarations under node16 and under the older node10 resolution.
import client = require('one-tap-phone');
import mock = require('one-tap-phone/mock');
import server = require('one-tap-phone/server');

export const sign: Promise<string> = server.buildSign(
  {
    appId: 'wozhitest',
    reqId: '5450312',
    timeStamp: '1490079600000',
    token: '49FF63FD025711D51DC744E836319D00',
  },
  'h1q9750o8141K864',
);
export const appId: string = mock.DEMO_APP.appId;
export const code: client.OneTapErrorCode = 'NETWORK';
export const handler: server.SignHandler = server.createSignHandler({
  appId,
  aesKey: mock.DEMO_APP.aesKey,
  baseUrl: 'http://127.0.0.1:4010/getphone',
});
export const fetchHandler: (request: Request) => Promise<Response> = handler;
export const nodeHandler: server.NodeHandler = handler.node;
