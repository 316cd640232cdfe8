// check-examples on two instances of a built example that share one redis-server, as a reader
// deploys it behind a balancer: the login journeys of issue 32 in Chromium, the binding and
// single use across instances, and the per-IP limits of issue 31 (./checkLimits.mjs). The
// browser moves between the instances (cookies ignore the port), so every step proves the
// state is shared.

import { checkFunnel, watchFunnel } from './checkFunnel.mjs';
import { checkLimits } from './checkLimits.mjs';
import { newBrowserPage, startApp } from './exampleApp.mjs';
import {
  codesSent,
  expectFallback,
  expectSignedIn,
  leave,
  oneTap,
  openLogin,
  smsLogin,
  smsLoginByFetch,
} from './exampleJourneys.mjs';
import { freePort, run, startServer, waitFor } from './processes.mjs';

/** The number the mock resolves first, and the one it resolves after its restart. */
export const FIRST_PHONE = '13412348682';
const OTHER_PHONE = '13412340001'; // same prefix, other last digits
const ATTACKER_PHONE = '13900001111';
/** What a script on the login page could set before the page fetches its sign. */
const PLANTED = '__Host-one-tap=attackerchosen0001';

export async function checkJourneys(context) {
  const { example, app, env, appId, aesKey, browser, cleanups } = context;
  const redisPort = await freePort();
  const redis = startServer(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { cwd: app, env: process.env, cleanups },
  );
  await waitFor(redis, (out) => out.includes('Ready to accept connections'), 'redis-server ready');
  const shared = { ...env, REDIS_URL: `redis://127.0.0.1:${redisPort}/2` };
  const [a, b] = await Promise.all([0, 1].map(() => startApp(example, app, shared, cleanups)));
  for (const { server } of [a, b])
    if (server.output().includes('serves ONE instance only'))
      throw new Error(`warned of one instance with REDIS_URL set:\n${server.output()}`);
  const codes = () => codesSent(a.server) + codesSent(b.server);
  // Where the example exports metrics: prometheus scrapes both instances from the first request on.
  const prometheus = await watchFunnel({ example, instances: [a, b], cleanups });

  // Each sign comes with the HttpOnly binding cookie; a cookie planted before it binds nothing.
  const sign = async ({ origin }) => {
    const response = await fetch(`${origin}/api/one-tap/sign?appId=${appId}`, {
      headers: { cookie: PLANTED },
    });
    if (!response.ok) throw new Error(`${origin}: sign answered ${response.status}`);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    if (!cookie.startsWith('__Host-one-tap=') || cookie === PLANTED)
      throw new Error(`${origin}: the sign route bound the sign to ${cookie || 'no cookie'}, not a fresh id`);
    return { sign: (await response.json()).sign, cookie };
  };
  const { openSign } = await import(`${app}/node_modules/one-tap-phone/dist/server/node.js`);
  const tokens = new Set();
  for (const s of await Promise.all(Array.from({ length: 20 }, (_, i) => sign([a, b][i % 2]))))
    tokens.add((await openSign(s.sign, aesKey)).token);
  if (tokens.size !== 1) throw new Error(`two instances on REDIS_URL signed with ${tokens.size} tokens`);

  // A sign looked up with the provider (as a page does, or a page elsewhere), until it resolves.
  const lookUp = async (signed) => {
    const query = `appId=${appId}&sign=${encodeURIComponent(signed)}`;
    for (let tries = 0; ; tries++) {
      const answer = await (await fetch(`${context.baseUrl}/query?${query}`)).json();
      if (answer.resCode === '0') return;
      if (tries > 50)
        throw new Error(`the mock never resolved the looked-up sign: ${JSON.stringify(answer)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const confirm = async ({ origin }, signed, cookies) => {
    const response = await fetch(`${origin}/api/one-tap/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.join('; ') },
      body: JSON.stringify({ sign: signed }),
    });
    const session = response.headers.getSetCookie().some((line) => line.startsWith('__Host-session=Fe26'));
    return { status: response.status, code: (await response.json()).error?.code, session };
  };

  // 1. A new browser: one-tap → NO_ACCOUNT → SMS → signed in (on a).
  const { context: browserContext, page, problems } = await newBrowserPage(browser, cleanups);
  const consent = { consentPrompt: example.consentPrompt };
  await openLogin(page, a.origin);
  const fresh = await oneTap(page, a.origin, FIRST_PHONE, consent);
  if (fresh.code !== 'NO_ACCOUNT') throw new Error(`a new browser's one-tap answered ${fresh.code}`);
  await expectFallback(page, fresh.code);
  await smsLogin(page, a, FIRST_PHONE);

  // The remembered cookie the SMS login left: a confirm needs it and the sign's binding, and a
  // sign confirms once across instances.
  const remembered = (await browserContext.cookies())
    .filter((c) => c.name === '__Host-remembered')
    .map((c) => `${c.name}=${c.value}`);
  if (remembered.length !== 1) throw new Error('the SMS login left no __Host-remembered cookie');
  const own = await sign(a);
  await fetch(`${context.baseUrl}?appId=${appId}&sign=${encodeURIComponent(own.sign)}&callback=cb`);
  await lookUp(own.sign);
  const planted = await confirm(a, own.sign, [PLANTED, ...remembered]);
  if (planted.status !== 401 || planted.code !== 'SIGN_BOUND_ELSEWHERE')
    throw new Error(`a confirm with the planted cookie answered ${JSON.stringify(planted)}`);
  const confirmed = await confirm(a, own.sign, [own.cookie, ...remembered]);
  if (confirmed.status !== 200 || !confirmed.session)
    throw new Error(
      `a confirm with the binding and the remembered account answered ${JSON.stringify(confirmed)}`,
    );
  const replay = await confirm(b, own.sign, [own.cookie, ...remembered]);
  if (replay.code !== 'SIGN_USED') throw new Error(`a replay on the other instance answered ${replay.code}`);

  // 2. Log out; one-tap (on b) logs the remembered account in again, with no SMS code.
  await leave(page, a.origin, '退出登录');
  const codesBefore = codes();
  await openLogin(page, b.origin);
  const again = await oneTap(page, b.origin, FIRST_PHONE, consent);
  if (again.status !== 200) throw new Error(`one-tap after log out answered ${again.status} ${again.code}`);
  await expectSignedIn(page, b.origin, FIRST_PHONE);
  if (codes() !== codesBefore) throw new Error('one-tap after log out sent an SMS code');

  // 3. The mock now resolves another number (same port, a restart): NUMBER_MISMATCH → SMS.
  await context.mock.stop();
  const mockPort = new URL(context.baseUrl).port;
  const mock = startServer(context.mockBin, ['--port', mockPort, '--phone', OTHER_PHONE], {
    cwd: app,
    env: process.env,
    cleanups,
  });
  await waitFor(mock, (out) => /baseUrl\s+\S+/.test(out), 'the restarted mock');
  await leave(page, b.origin, '退出登录');
  await openLogin(page, a.origin);
  const other = await oneTap(page, a.origin, OTHER_PHONE, consent);
  if (other.code !== 'NUMBER_MISMATCH') throw new Error(`another SIM's one-tap answered ${other.code}`);
  await expectFallback(page, other.code);
  await smsLogin(page, a, OTHER_PHONE);

  // 4. The cross-site lookup: a second client (an attacker's server) fetches a sign, the first
  // browser looks it up (any site it opens can), the second client confirms it: no session.
  // Naming no account, it is refused before the provider is asked (the sign is not even looked
  // up: a query would answer RESULT_UNAVAILABLE); naming its own, proved by SMS, the victim's
  // mask does not match it.
  const attacker = await smsLoginByFetch(b, ATTACKER_PHONE);
  const attackerRemembered = attacker.cookies.filter((c) => c.startsWith('__Host-remembered='));
  const unresolved = await sign(b);
  const noAccount = await confirm(a, unresolved.sign, [unresolved.cookie]);
  if (noAccount.code !== 'NO_ACCOUNT' || noAccount.session)
    throw new Error(`a confirm naming no account answered ${JSON.stringify(noAccount)}`);
  const stolen = await sign(b);
  const elsewhere = await browserContext.newPage();
  await elsewhere.setContent(
    `<script src="${context.baseUrl}?appId=${appId}&sign=${encodeURIComponent(stolen.sign)}&callback=cb"></script>`,
  );
  await lookUp(stolen.sign);
  await elsewhere.close();
  const ownAccount = await confirm(a, stolen.sign, [stolen.cookie, ...attackerRemembered]);
  if (ownAccount.code !== 'NUMBER_MISMATCH' || ownAccount.session)
    throw new Error(
      `the cross-site lookup confirmed for the attacker's account: ${JSON.stringify(ownAccount)}`,
    );
  // The attacker's code was single-use; a second code for its number within the minute is refused.
  const reused = await attacker.post('/api/sms/verify', { phone: ATTACKER_PHONE, code: attacker.code });
  const resent = await attacker.post('/api/sms/send', { phone: ATTACKER_PHONE });
  if (reused.status !== 401 || resent.status !== 429)
    throw new Error(
      `an SMS code used twice answered ${reused.status}, a second code at once ${resent.status}`,
    );

  // 5. Forget this browser: one-tap is NO_ACCOUNT again.
  await page.goto(`${b.origin}/`);
  await expectSignedIn(page, b.origin, OTHER_PHONE);
  await leave(page, b.origin, '忘记此浏览器');
  await openLogin(page, b.origin);
  const forgotten = await oneTap(page, b.origin, OTHER_PHONE, consent);
  if (forgotten.code !== 'NO_ACCOUNT') throw new Error(`one-tap after forget answered ${forgotten.code}`);
  await expectFallback(page, forgotten.code);
  await problems();

  // 6. One client past its per-IP budget → 429, another still served.
  const limited = await checkLimits({ instances: [a, b], appId, env, oneClient: example.oneClient });

  // 7. The funnel in metrics: a token request that fails is provoked first (the provider gone,
  // the cached token deleted), then the counts and every query of docs/operations.md.
  let funnel = '';
  if (prometheus) {
    await mock.stop();
    const keys = await run('redis-cli', [
      '-p',
      String(redisPort),
      '-n',
      '2',
      '--scan',
      '--pattern',
      '*access_token*',
    ]);
    for (const key of keys.split('\n').filter(Boolean))
      await run('redis-cli', ['-p', String(redisPort), '-n', '2', 'DEL', key]);
    const failed = await fetch(`${a.origin}/api/one-tap/sign?appId=${appId}`);
    if (failed.status !== 503) throw new Error(`a sign with the provider gone answered ${failed.status}`);
    funnel = `; ${await checkFunnel({ instances: [a, b], prometheus, root: context.root })}`;
  }

  const summary = `20 signs on ${tokens.size} token; a confirmed sign replayed on the other → ${replay.code}, a planted cookie binds nothing; NO_ACCOUNT → SMS → signed in; log out, one-tap → signed in with no SMS code in ${again.tapMs.toFixed(0)} ms to the number; another SIM → NUMBER_MISMATCH → SMS; the cross-site lookup → ${noAccount.code} / ${ownAccount.code}, no session; an SMS code used twice → 401, resent at once → 429; forget this browser → one-tap NO_ACCOUNT; one client → 429 RATE_LIMITED after ${limited.signs} signs and ${limited.confirms} confirms (one budget over both instances), another still served${funnel}`;
  return { summary };
}
