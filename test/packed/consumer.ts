// A TypeScript CommonJS consumer, type-checked by scripts/check-packed-bin.mjs against the
// packed declarations under node16 and under the older node10 resolution.
import client = require('one-tap-phone');
import core = require('one-tap-phone/core');
import mock = require('one-tap-phone/mock');
import mockNode = require('one-tap-phone/mock/node');
import server = require('one-tap-phone/server');
// test/support/fixtures.json, copied beside this file by scripts/check-packed-bin.mjs.
import vector = require('./fixtures.json');

export const sign: Promise<string> = server.buildSign(vector.params, vector.aesKey);
export const appId: string = mock.DEMO_APP.appId;
export const code: client.OneTapErrorCode = 'NETWORK';
export const handler: server.SignHandler = server.createSignHandler({
  appId,
  aesKey: mock.DEMO_APP.aesKey,
  baseUrl: 'http://127.0.0.1:4010/getphone',
});
export const fetchHandler: (request: Request) => Promise<Response> = handler;
export const nodeHandler: server.NodeHandler = handler.node;
export const flow: Promise<core.OneTapResult> = core.getPhoneNumber({ appId, getSign: () => vector.sign });
export const running: Promise<mockNode.RunningMockYuefu> = mockNode.startMockYuefu({ port: 0 });
