// The backend under test as a browser reaches it: the sign route with the query the client
// sends, the confirm route with the headers a same-origin fetch carries, and the cookies the
// backend sets kept between the two (a backend may bind a sign to its session cookie).
import { parseSignBody, withParams } from '../core/signFetch.js';

/** The client's own timeout for the sign endpoint (DEFAULT_TIMEOUTS.signTimeoutMs). */
const SIGN_TIMEOUT_MS = 8000;
const CONFIRM_TIMEOUT_MS = 10_000;

/** What the sign route answered. */
export interface SignAnswer {
  status: number;
  cacheControl: string | null;
  /** The sign, when the body held one the client accepts. */
  sign?: string | undefined;
  /** Why the client would refuse the answer, when it would. */
  problem?: string | undefined;
  /** The `{ error: { code } }` an error answer carried. */
  code?: string | undefined;
}

/** What the confirm route answered: its status (0: no answer) and the error code it carried. */
export interface ConfirmAnswer {
  status: number;
  code?: string | undefined;
}

/** What the sign route is asked with, besides `appId` and `flowId`. */
export interface SignQuery {
  reason?: 'token-expired' | undefined;
  sign?: string | undefined;
  /**
   * Keep the cookies this answer sets. Off, the session keeps those of its earlier sign: a
   * report of that sign, sent again and again, carries the sign's own binding each time.
   * @defaultValue true
   */
  remember?: boolean | undefined;
  /** @defaultValue the client's 8 s */
  timeoutMs?: number | undefined;
}

/** How a confirm post is made: as the page makes it, or as something the backend must refuse. */
export interface ConfirmPost {
  body: string;
  /** @defaultValue `'application/json'` */
  contentType?: string | undefined;
  /** Sent from another site's page: `Origin` and `Sec-Fetch-Site` say so. @defaultValue false */
  crossSite?: boolean | undefined;
}

const ATTACKER_ORIGIN = 'https://attacker.example';
let flows = 0;

/** A fixed code as the contract writes them; anything else is not printed (it may hold a sign). */
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** The code of an `{ "error": { "code": "…" } }` body, if the body is that. */
function errorCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === 'string' && CODE.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

/** `HTTP 401 SIGN_USED`: a status as a line prints it, with the error code it carried. */
export const httpStatus = ({ status, code }: { status: number; code?: string | undefined }): string =>
  `HTTP ${status}${code === undefined ? '' : ` ${code}`}`;

/** One browser session: its cookies, and the requests a page would make. */
export class CheckBrowser {
  readonly #cookies = new Map<string, string>();

  constructor(readonly appId: string) {}

  #remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? '';
      const at = pair.indexOf('=');
      if (at > 0) this.#cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  #cookieHeader(): Record<string, string> {
    if (this.#cookies.size === 0) return {};
    return { cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  /** GET signUrl?appId=…&flowId=…, and the sign the client would take from the answer. */
  async sign(signUrl: string, query: SignQuery = {}): Promise<SignAnswer> {
    flows += 1;
    const timeoutMs = query.timeoutMs ?? SIGN_TIMEOUT_MS;
    const url = withParams(signUrl, {
      appId: this.appId,
      reason: query.reason,
      flowId: `check-${process.pid}-${flows}`,
      sign: query.sign,
    });
    let response: Response;
    let body: string;
    try {
      response = await fetch(url, {
        headers: { accept: '*/*', 'sec-fetch-site': 'same-origin', ...this.#cookieHeader() },
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      return {
        status: 0,
        cacheControl: null,
        problem: `no answer in ${timeoutMs / 1000} s (${(error as Error).message})`,
      };
    }
    if (query.remember !== false) this.#remember(response);
    const answer: SignAnswer = {
      status: response.status,
      cacheControl: response.headers.get('cache-control'),
    };
    if (!response.ok) {
      const code = errorCode(body);
      return { ...answer, code, problem: `it answered ${httpStatus({ status: response.status, code })}` };
    }
    try {
      return { ...answer, sign: parseSignBody(body) };
    } catch (error) {
      return { ...answer, problem: (error as Error).message };
    }
  }

  /** POSTs to the confirm route; resolves with what it answered, status 0 when no answer came. */
  async confirm(confirmUrl: string, post: ConfirmPost): Promise<ConfirmAnswer> {
    const { origin } = new URL(confirmUrl);
    try {
      return await this.#post(confirmUrl, origin, post);
    } catch {
      return { status: 0 };
    }
  }

  async #post(confirmUrl: string, origin: string, post: ConfirmPost): Promise<ConfirmAnswer> {
    const response = await fetch(confirmUrl, {
      method: 'POST',
      headers: {
        'content-type': post.contentType ?? 'application/json',
        origin: post.crossSite ? ATTACKER_ORIGIN : origin,
        'sec-fetch-site': post.crossSite ? 'cross-site' : 'same-origin',
        'sec-fetch-mode': 'cors',
        ...this.#cookieHeader(),
      },
      body: post.body,
      signal: AbortSignal.timeout(CONFIRM_TIMEOUT_MS),
    });
    this.#remember(response);
    const body = await response.text();
    return response.ok ? { status: response.status } : { status: response.status, code: errorCode(body) };
  }
}
