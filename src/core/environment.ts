import { OneTapError } from './errors.js';

/** What the flow checks about the page before it spends a sign. */
export interface EnvironmentInfo {
  /** The page's protocol, e.g. `https:`; undefined where there is no page (SSR, tests). */
  pageProtocol: string | undefined;
  /** `navigator.connection.type` where the browser tells it (Android Chrome does). */
  connectionType: string | undefined;
}

interface NavigatorWithConnection {
  connection?: { type?: unknown };
}

/** Reads the environment at call time, never at import time. */
export function detectEnvironment(): EnvironmentInfo {
  const protocol = globalThis.location?.protocol;
  const type = (globalThis.navigator as NavigatorWithConnection | undefined)?.connection?.type;
  return {
    pageProtocol: typeof protocol === 'string' ? protocol : undefined,
    connectionType: typeof type === 'string' ? type : undefined,
  };
}

// The carrier recognizes the phone by its mobile-data connection; these never carry it.
const NOT_CELLULAR = new Set(['wifi', 'ethernet']);

/** The error that makes trying pointless, or undefined when the flow may go ahead. */
export function precheck(
  env: EnvironmentInfo,
  baseUrl: string,
  checkConnection: boolean,
): OneTapError | undefined {
  if (env.pageProtocol === 'https:' && /^http:/i.test(baseUrl)) {
    return new OneTapError('MIXED_CONTENT', { detail: `baseUrl ${baseUrl}` });
  }
  if (checkConnection && env.connectionType !== undefined && NOT_CELLULAR.has(env.connectionType)) {
    return new OneTapError('NOT_CELLULAR', { detail: `connection type ${env.connectionType}` });
  }
  return undefined;
}
