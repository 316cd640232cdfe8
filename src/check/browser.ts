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
}

/** What the sign route is asked with, besides `appId` and `flowId`. */
export interface SignQuery {
  reason?: 'token-expired' | undefined;
  sign?: string | undefined;
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
        signal: AbortSignal.timeout(SIGN_TIMEOUT_MS),
      });
      body = await response.text();
    } catch (error) {
      return {
        status: 0,
        cacheControl: null,
        problem: `no answer in ${SIGN_TIMEOUT_MS / 1000} s (${(error as Error).message})`,
      };
    }
    this.#remember(response);
    const answer: SignAnswer = {
      status: response.status,
      cacheControl: response.headers.get('cache-control'),
    };
    if (!response.ok) return { ...answer, problem: `it answered HTTP ${response.status}` };
    try {
      return { ...answer, sign: parseSignBody(body) };
    } catch (error) {
      return { ...answer, problem: (error as Error).message };
    }
  }

  /** POSTs to the confirm route; resolves with the HTTP status, 0 when no answer came. */
  async confirm(confirmUrl: string, post: ConfirmPost): Promise<number> {
    const { origin } = new URL(confirmUrl);
    try {
      return await this.#post(confirmUrl, origin, post);
    } catch {
      return 0;
    }
  }

  async #post(confirmUrl: string, origin: string, post: ConfirmPost): Promise<number> {
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
    await response.arrayBuffer();
    return response.status;
  }
}
