// The framework-free store from the packed tarball, in plain Node with no DOM and no React
// installed: a fetch-based transport, the packed sign handler, and an independent provider
// (not our mock). Prints the phases it saw; exits non-zero on any broken promise.
import { createServer } from 'node:http';
import { createOneTapStore } from 'one-tap-phone/core';
import { createSignHandler } from 'one-tap-phone/server';
import { startIndependentProvider } from './independentProvider.mjs';

const APP = { appId: 'wozhitest', aesKey: 'h1q9750o8141K864' };
const provider = await startIndependentProvider(APP);
const handler = createSignHandler({ ...APP, baseUrl: provider.baseUrl });
const api = createServer(handler.node);
await new Promise((resolve) => api.listen(0, '127.0.0.1', resolve));
const signUrl = `http://127.0.0.1:${api.address().port}/api/sign`;

// JSONP needs a page; in Node the same URLs answer plain JSON without a callback parameter.
const transport = async ({ url, signal }) => (await fetch(url, { signal })).json();
const fail = (what) => {
  throw new Error(`core store from the tarball: ${what}`);
};

try {
  const store = createOneTapStore({
    ...APP,
    signUrl,
    baseUrl: provider.baseUrl,
    transport,
    pollDelays: [50, 50],
  });
  const phases = [];
  store.subscribe((state) => phases.push(state.status));
  await store.lookup();
  const ready = store.getState();
  if (ready.status !== 'ready' || ready.phone !== '134****8682' || ready.carrier !== 'mobile')
    fail(`lookup ended in ${JSON.stringify(ready)}`);
  await store.confirm();
  if (store.getState().status !== 'ready' || !store.getState().consentRequested)
    fail('confirm() without consent');
  store.setConsent(true);
  await store.confirm();
  const { status, phone, par, sign, carrier } = store.getState();
  if (status !== 'success' || !phone || !par || !sign || carrier !== 'mobile') fail(`success: ${status}`);
  const expected = ['signing', 'requesting', 'polling', 'ready', 'ready', 'ready', 'success'];
  if (phases.join() !== expected.join()) fail(`phases ${phases.join(' → ')}`);

  const instant = createOneTapStore({ ...APP, signUrl, baseUrl: provider.baseUrl, transport, instant: true });
  if ((await instant.lookup()).status !== 'success') fail('instant did not skip the step');
  console.log(`${phases.join(' → ')}; with instant, lookup() ended in success`);
} finally {
  api.close();
  await provider.close();
}
