// Run by scripts/check-packed-bin.mjs with Jest, in a project that installed the packed
// tarball: Jest has its own CommonJS module system, without require(esm) or dynamic import.
const { createElement } = require('react');
const { renderToString } = require('react-dom/server');
const { OneTapLogin } = require('one-tap-phone');
const { buildSign } = require('one-tap-phone/server');
const { startMockYuefu } = require('one-tap-phone/mock/node');
// test/support/fixtures.json, copied beside this file by scripts/check-packed-bin.mjs.
const vector = require('./fixtures.json');

test('one-tap-phone/server builds the document’s vector sign', async () => {
  expect(await buildSign(vector.params, vector.aesKey)).toBe(vector.sign);
});

test('one-tap-phone/mock serves a round to the masked phone', async () => {
  const running = await startMockYuefu({ port: 0, resolveMs: 0 });
  try {
    const { sign } = await (await fetch(`${running.signUrl}?appId=wozhitest`)).json();
    const query = `appId=wozhitest&sign=${encodeURIComponent(sign)}`;
    await fetch(`${running.baseUrl}?${query}&callback=cb`);
    const answer = await (await fetch(`${running.baseUrl}/query?${query}`)).json();
    expect(answer.object.phone).toBe('134****8682');
  } finally {
    await running.close();
  }
});

test('the React entry renders on the server', () => {
  const html = renderToString(createElement(OneTapLogin, { appId: 'wozhitest', signUrl: '/sign' }));
  expect(html).toContain('data-state="idle"');
  expect(html).toContain('本机号码一键登录');
});
