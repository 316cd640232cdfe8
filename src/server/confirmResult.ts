import { OneTapError } from '../core/errors.js';
import { DEFAULT_BASE_URL, parseQueryResponse, queryUrl, RES_CODE } from '../core/protocol.js';

export interface ConfirmOptions {
  appId: string;
  /** The sign the browser reported its result with. */
  sign: string;
  /** @defaultValue `'http://www.meiyuefu.com/getphone'` */
  baseUrl?: string | undefined;
  /** @defaultValue 5000 */
  timeoutMs?: number | undefined;
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * Asks Yuefu for the result itself (plain GET, JSON), so a login never trusts what a browser
 * reports. Resolves with `{ phone, par }`, or rejects with a OneTapError as the flow would.
 */
export async function confirmResult(options: ConfirmOptions): Promise<{ phone: string; par: string }> {
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(queryUrl(options.baseUrl ?? DEFAULT_BASE_URL, options), {
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (cause) {
    const code = (cause as Error)?.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK';
    throw new OneTapError(code, { cause, detail: 'confirming the result' });
  }
  if (!response.ok) throw new OneTapError('NETWORK', { detail: `query answered HTTP ${response.status}` });
  const outcome = parseQueryResponse(await response.text());
  if (outcome.resCode === RES_CODE.OK) return { phone: outcome.phone, par: outcome.par };
  const details = {
    resCode: outcome.resCode,
    ...(outcome.message === undefined ? {} : { providerMessage: outcome.message }),
  };
  if (outcome.resCode === RES_CODE.MISSING_PARAMS) throw new OneTapError('MISSING_PARAMS', details);
  if (outcome.resCode === RES_CODE.TOKEN_EXPIRED) throw new OneTapError('TOKEN_EXPIRED', details);
  throw new OneTapError('RESULT_UNAVAILABLE', details);
}
