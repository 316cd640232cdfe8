import { type OneTapError, oneTapError } from './errors.js';
import { DEFAULT_BASE_URL } from './protocol.js';

/** What the flow checks about the page before it spends a sign. */
export interface EnvironmentInfo {
  /** The page's protocol, e.g. `https:`; undefined where there is no page (SSR, tests). */
  pageProtocol: string | undefined;
  /** `navigator.connection.type` where the browser tells it (Android Chrome does). */
  connectionType: string | undefined;
}

interface NavigatorWithConnection {
  connection?: { type?: string };
}

/**
 * The error that makes trying pointless, or undefined when the flow may go ahead: for a flow's
 * options, on the environment read now (never at import time) unless they give it.
 */
export function precheckFor({
  environment,
  baseUrl = DEFAULT_BASE_URL,
  checkConnection = true,
}: {
  environment?: Partial<EnvironmentInfo> | undefined;
  baseUrl?: string | undefined;
  checkConnection?: boolean | undefined;
}): OneTapError | undefined {
  const { pageProtocol, connectionType = '' }: Partial<EnvironmentInfo> = {
    pageProtocol: globalThis.location?.protocol,
    connectionType: (globalThis.navigator as NavigatorWithConnection | undefined)?.connection?.type,
    ...environment,
  };
  // The message names the mistake; the detail, the URL.
  if (pageProtocol === 'https:' && /^http:/i.test(baseUrl)) return oneTapError('MIXED_CONTENT', baseUrl);
  // The carrier recognizes the phone by its mobile-data connection; these never carry it.
  if (checkConnection && /^(wifi|ethernet)$/.test(connectionType)) {
    return oneTapError('NOT_CELLULAR', `connection type ${connectionType}`);
  }
  return undefined;
}
