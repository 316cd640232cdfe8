/** @jest-environment jsdom */
// A partner's login-page test as Jest runs it: jsdom, CommonJS, a fake transport in place of
// the provider (jsdom loads no scripts), a tap through to the authorization step, consent and
// the login.
const { act, createElement } = require('react');
const { createRoot } = require('react-dom/client');
const { OneTapLogin } = require('one-tap-phone');

globalThis.IS_REACT_ACT_ENVIRONMENT = true;

/** Lets React and the flow run until `done()` holds: a wait, not a sleep of a guessed length. */
async function waitFor(done, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms`);
    await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
  }
}

/** A query that answers the number; getphone answers nothing, as the provider's does. */
const transport = async ({ url }) =>
  url.includes('/query') ? { resCode: '0', object: { phone: '134****8682', par: 'p1' } } : undefined;

/** <OneTapLogin> with `props`, on the fake transport and a fixed sign, in a fresh container. */
async function renderLogin(props) {
  const container = document.body.appendChild(document.createElement('div'));
  const root = createRoot(container);
  await act(async () =>
    root.render(
      createElement(OneTapLogin, {
        appId: 'wozhitest',
        getSign: () => 'A'.repeat(64),
        transport,
        pollDelays: [0],
        ...props,
      }),
    ),
  );
  return { container, root };
}

test('a tap shows the number; consent and the login button call onSuccess', async () => {
  const results = [];
  const { container, root } = await renderLogin({ onSuccess: (result) => results.push(result) });
  const button = container.querySelector('button');
  expect(button.textContent).toBe('本机号码一键登录');
  await act(async () => button.click());
  await waitFor(() => container.textContent.includes('134****8682'));
  expect(container.textContent).toContain('中国移动提供认证服务');
  expect(results).toEqual([]);
  await act(async () => container.querySelector('input[type=checkbox]').click());
  await act(async () => button.click());
  await waitFor(() => results.length > 0);
  expect(results).toEqual([{ phone: '134****8682', par: 'p1', sign: 'A'.repeat(64), carrier: 'mobile' }]);
  act(() => root.unmount());
});

test('with debug, the panel loads from its CommonJS chunk and lists the flow, without the number', async () => {
  const { container, root } = await renderLogin({ locale: 'en', debug: true });
  await act(async () => container.querySelector('button').click());
  await waitFor(() => container.querySelector('[data-slot="debug"]')?.textContent.includes('ready: mobile'));
  const panel = container.querySelector('[data-slot="debug"]').textContent;
  expect(panel).toMatch(/query 1: resCode 0/);
  expect(panel).not.toContain('134****8682');
  expect(panel).not.toContain('A'.repeat(64));
  act(() => root.unmount());
});

/** A partner's confirm route as a fetch double: answers `status` with `body` as JSON, keeps what it was sent. */
function confirmRoute(status, body) {
  const sent = [];
  const fetch = async (url, init) => {
    sent.push({ url, init });
    return { status, text: async () => JSON.stringify(body) };
  };
  return { sent, fetch };
}

/** Taps, waits for the number, agrees and logs in. */
async function logIn(container) {
  const button = container.querySelector('button');
  await act(async () => button.click());
  await waitFor(() => container.textContent.includes('134****8682'));
  await act(async () => container.querySelector('input[type=checkbox]').click());
  await act(async () => button.click());
}

test('with confirmUrl, the login posts the sign and onSuccess gets the route’s answer', async () => {
  const route = confirmRoute(200, { next: '/home' });
  const results = [];
  const { container, root } = await renderLogin({
    confirmUrl: '/api/one-tap/confirm',
    fetch: route.fetch,
    onSuccess: (result) => results.push(result),
  });
  await logIn(container);
  await waitFor(() => results.length > 0);
  expect(results).toEqual([
    { phone: '134****8682', par: 'p1', sign: 'A'.repeat(64), carrier: 'mobile', answer: { next: '/home' } },
  ]);
  expect(route.sent).toHaveLength(1);
  expect(route.sent[0].url).toBe('/api/one-tap/confirm');
  expect(route.sent[0].init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
  expect(JSON.parse(route.sent[0].init.body)).toEqual({ sign: 'A'.repeat(64) });
  act(() => root.unmount());
});

test('with confirmUrl, NO_ACCOUNT says to log in by SMS and shows the other-login slot', async () => {
  const route = confirmRoute(401, { error: { code: 'NO_ACCOUNT', message: 'No account' } });
  const errors = [];
  const { container, root } = await renderLogin({
    confirmUrl: '/api/one-tap/confirm',
    fetch: route.fetch,
    onError: (error) => errors.push(error.code),
    otherLogin: createElement('a', { href: '/login/sms' }, '短信验证码登录'),
  });
  await logIn(container);
  await waitFor(() => container.querySelector('[data-slot="other-login"]') !== null);
  expect(container.querySelector('[role="status"]').textContent).toBe('请先用短信验证码登录');
  expect(errors).toEqual(['NO_ACCOUNT']);
  act(() => root.unmount());
});
