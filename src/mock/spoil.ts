import { sleep } from '../core/abort.js';
import { FAULTS, type FaultEndpoint, type FaultName } from './faults.js';
import type { MockContext } from './options.js';
import { callbackOf, status } from './responses.js';

/**
 * Which fault, if any, answers a request in place of the provider: the app's own `fault` in its
 * first flow, else its scenario's faults in every flow. One implementation per fault, so a
 * scenario and the fault it is made of answer alike.
 */
export type Spoiler = (
  endpoint: FaultEndpoint,
  appId: string | null,
  url: URL,
) => Promise<Response | undefined>;

export function createSpoiler({ apps, clock, hangMs, plan, record }: MockContext): Spoiler {
  // An app's fault spoils one flow: the first sign request, or the requests carrying the first sign seen.
  const firstFlow = new Map<string, { signServed: boolean; sign?: string }>();
  function inFirstFlow(endpoint: FaultEndpoint, appId: string, url: URL): boolean {
    const state = firstFlow.get(appId) ?? { signServed: false };
    firstFlow.set(appId, state);
    if (endpoint === 'sign') {
      if (state.signServed) return false;
      state.signServed = true;
      return true;
    }
    const sign = url.searchParams.get('sign') ?? '';
    state.sign ??= sign;
    return state.sign === sign;
  }

  function pick(endpoint: FaultEndpoint, appId: string | null, url: URL): FaultName | undefined {
    const app = appId === null ? undefined : apps.get(appId);
    if (!app) return undefined;
    if (app.fault && FAULTS[app.fault].endpoint === endpoint && inFirstFlow(endpoint, app.appId, url))
      return app.fault;
    return plan(app).faults.find((name) => FAULTS[name].endpoint === endpoint);
  }

  return async (endpoint, appId, url) => {
    const name = pick(endpoint, appId, url);
    if (name === undefined) return undefined;
    const response = FAULTS[name].respond(callbackOf(url) ?? null);
    // A hang is logged when it starts (status 0): a test can see the request arrived.
    record({ endpoint, appId, status: response === 'hang' ? 0 : response.status, resCode: undefined });
    if (response !== 'hang') return response;
    await sleep(hangMs, undefined, clock);
    return status(504, 'gateway timeout');
  };
}
