// check-examples' look at an example's per-IP limits (issue 31): one client past its budget on
// the sign and the confirm route, over both instances, gets 429 RATE_LIMITED with Retry-After
// after exactly the budget (one budget for both instances: it lives in the shared Redis), while
// another client is still served.
import { request } from './processes.mjs';

/**
 * `oneClient`: how this client is one address to the example (a local address of its own, or
 * the header its proxy would set). Resolves with how many of each route it was served.
 */
export async function checkLimits({ instances, appId, env, oneClient }) {
  const served = {};
  for (const [route, budget, init] of [
    [`/api/one-tap/sign?appId=${appId}`, Number(env.LIMIT_SIGN), {}],
    [
      '/api/one-tap/confirm',
      Number(env.LIMIT_CONFIRM),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sign":"x"}' },
    ],
  ]) {
    let count = 0;
    for (;;) {
      const { origin } = instances[count % instances.length];
      const answer = await request(`${origin}${route}`, {
        ...init,
        ...oneClient,
        headers: { ...init.headers, ...oneClient.headers },
      });
      if (answer.status === 429) {
        if (answer.body?.error?.code !== 'RATE_LIMITED' || !answer.headers['retry-after'])
          throw new Error(
            `${route}'s 429 carried ${JSON.stringify(answer.body)}, Retry-After ${answer.headers['retry-after']}`,
          );
        break;
      }
      if (++count > budget) throw new Error(`${route}: ${count} requests from one client, no 429`);
    }
    if (count !== budget) throw new Error(`${route}: 429 after ${count} requests, the budget is ${budget}`);
    served[route.split('?')[0]] = count;
  }
  const other = await fetch(`${instances[0].origin}/api/one-tap/sign?appId=${appId}`);
  if (!other.ok) throw new Error(`another client's sign answered ${other.status} once one was limited`);
  return { signs: served['/api/one-tap/sign'], confirms: served['/api/one-tap/confirm'] };
}
