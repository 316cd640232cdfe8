// The steps of check-examples' login journeys in Chromium, as a user takes them on an example:
// one-tap on the login page (the number, consent, 一键登录, the confirm route's answer), the SMS
// login (the code read off the server's console, where the examples' development stand-in
// prints it), the signed-in page, log out and "forget this browser".

/** `134****8682`: how the provider and the pages show a number. */
const masked = (phone) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/** The code the example's SMS stand-in printed for `phone` after `from` characters of output. */
async function smsCode(server, phone, from) {
  const line = new RegExp(`\\[SMS stand-in\\] code (\\d{6}) for ${masked(phone).replaceAll('*', '\\*')}`);
  for (const until = Date.now() + 10_000; Date.now() < until; ) {
    const code = line.exec(server.output().slice(from))?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `no SMS code for ${masked(phone)} on the server's console:\n${server.output().slice(from)}`,
  );
}

/** How many SMS codes the server has printed: a login with no SMS code leaves it unchanged. */
export const codesSent = (server) => server.output().split('[SMS stand-in]').length - 1;

/**
 * Clicks, and times in the page from the click's dispatch to the first frame that shows
 * `text`: Playwright's own waits poll too coarsely (up to 500 ms) to time a flow.
 */
async function clickUntil(page, locator, text) {
  await page.evaluate(() =>
    document.addEventListener('click', () => (window.clickedAt = performance.now()), {
      capture: true,
      once: true,
    }),
  );
  await locator.click();
  const shown = await page.waitForFunction(
    (t) => document.body.textContent?.includes(t) && performance.now(),
    text,
    { polling: 'raf' },
  );
  return (await shown.jsonValue()) - (await page.evaluate(() => window.clickedAt));
}

/** Opens the login page on `origin` and waits for its prefetched sign: a tap before would be lost. */
export async function openLogin(page, origin) {
  const prefetched = page.waitForResponse((r) => r.url().startsWith(`${origin}/api/one-tap/sign?`));
  const response = await page.goto(`${origin}/login`);
  await prefetched;
  return response;
}

/**
 * One-tap on the open login page: tap, see `phone` masked, consent (with `askFirst`, 一键登录
 * before consenting must ask for it), 一键登录. Resolves with the confirm route's answer and how
 * long the number took to show.
 */
export async function oneTap(page, origin, phone, { consentPrompt, askFirst = false }) {
  const tapMs = await clickUntil(page, page.getByRole('button', { name: '本机号码一键登录' }), masked(phone));
  const login = page.getByRole('button', { name: '一键登录', exact: true });
  if (askFirst) {
    await login.click();
    await consentPrompt(page).waitFor();
  }
  await page.getByRole('checkbox').check();
  if (askFirst) await consentPrompt(page).waitFor({ state: 'detached' });
  const confirmed = page.waitForResponse((r) => r.url() === `${origin}/api/one-tap/confirm`);
  await login.click();
  const response = await confirmed;
  // A 200 sends the page on to the signed-in page, and its body with it: read a refusal's only.
  const code = response.ok() ? undefined : (await response.json()).error?.code;
  return { status: response.status(), code, tapMs };
}

/** After a refused one-tap: the page says so and offers the SMS login. */
export async function expectFallback(page, code) {
  await page.getByRole('alert').first().waitFor();
  const link = page.getByRole('link', { name: '短信验证码登录' });
  if (!(await link.isVisible())) throw new Error(`after ${code} the login page shows no SMS login link`);
}

/**
 * From the login page: the SMS link, the number, 获取验证码 (in production the page shows no
 * code), the code from the server's console, 登录, and the signed-in page.
 */
export async function smsLogin(page, { origin, server }, phone) {
  await page.getByRole('link', { name: '短信验证码登录' }).click();
  await page.waitForURL(`${origin}/login/sms`);
  await page.getByLabel('手机号').fill(phone);
  const from = server.output().length;
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('验证码已发送').waitFor();
  if (await page.getByText('开发环境').count())
    throw new Error('the SMS page shows the code in production (NODE_ENV=production)');
  await page.getByLabel('验证码', { exact: true }).fill(await smsCode(server, phone, from));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expectSignedIn(page, origin, phone);
}

/** The signed-in page on `origin`, showing the account's number masked. */
export async function expectSignedIn(page, origin, phone) {
  await page.waitForURL(`${origin}/`);
  await page.getByText(`已登录 ${masked(phone)}`).waitFor();
}

/** 退出登录 or 忘记此浏览器 on the signed-in page: both end on the login page. */
export async function leave(page, origin, button) {
  await page.getByRole('button', { name: button }).click();
  await page.waitForURL(`${origin}/login`);
}

/**
 * An SMS login from a plain HTTP client (a second client: an attacker's server, say): its
 * cookies as a Cookie header, and the code it used.
 */
export async function smsLoginByFetch({ origin, server }, phone) {
  const post = (path, body) =>
    fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const from = server.output().length;
  const sent = await post('/api/sms/send', { phone });
  if (!sent.ok) throw new Error(`${origin}/api/sms/send answered ${sent.status}`);
  const code = await smsCode(server, phone, from);
  const verified = await post('/api/sms/verify', { phone, code });
  if (!verified.ok) throw new Error(`${origin}/api/sms/verify answered ${verified.status}`);
  const cookies = verified.headers.getSetCookie().map((line) => line.split(';')[0]);
  return { cookies, code, post };
}
