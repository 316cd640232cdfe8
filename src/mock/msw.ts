import { http } from 'msw';
import type { MockYuefu } from './mockYuefu.js';

/** Where the in-browser mock lives by default: the provider under `/getphone`, the demo sign endpoint at `/demo/sign`. */
export const MOCK_ORIGIN = 'https://mock.yuefu.test';

/**
 * MSW handlers that answer every request to `origin` from `mock`: for Storybook and browser
 * tests, where the service worker also answers the JSONP `<script>` requests, so a static
 * page needs no server. The mock's AES runs on WebCrypto; nothing here needs Node.
 */
export function mockYuefuHandlers(mock: MockYuefu, origin: string = MOCK_ORIGIN) {
  return [http.all(`${origin.replace(/\/+$/, '')}/*`, ({ request }) => mock.fetch(request))];
}
