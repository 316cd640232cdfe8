import { HttpResponse, http } from 'msw';
import { createMockYuefu, type MockYuefu, type MockYuefuOptions } from '../../src/mock/mockYuefu';
import { MOCK_ORIGIN, mockYuefuHandlers } from '../../src/mock/msw';

export const MOCK_BASE_URL = `${MOCK_ORIGIN}/getphone`;
export const MOCK_SIGN_URL = `${MOCK_ORIGIN}/demo/sign`;

let current: MockYuefu | undefined;
/** The mock behind the story on screen, for stories that show what was sent. */
export const currentMock = () => current;

interface StoryYuefu extends MockYuefuOptions {
  /** The partner's sign endpoint answers 503. */
  signDown?: boolean;
}

/**
 * A `beforeEach` that gives the story its own mock Yuefu behind the service worker: the
 * provider's JSONP and the demo sign endpoint, with the story's scenario.
 */
export function withYuefu(options: StoryYuefu = {}) {
  return ({ msw }: { msw: { use(...handlers: ReturnType<typeof mockYuefuHandlers>): void } }) => {
    const { signDown, ...mockOptions } = options;
    current = createMockYuefu({ resolveMs: 900, hangMs: 5000, ...mockOptions });
    const down = http.get(MOCK_SIGN_URL, () =>
      HttpResponse.json({ error: { code: 'PROVIDER_UNAVAILABLE', message: 'down' } }, { status: 503 }),
    );
    msw.use(...(signDown ? [down] : []), ...mockYuefuHandlers(current));
  };
}
