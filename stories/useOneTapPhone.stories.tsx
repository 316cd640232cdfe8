import type { Meta, StoryObj } from '@storybook/react-vite';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { expect, waitFor } from 'storybook/test';
import { isLookingUp } from '../src/core/state';
import { type UseOneTapPhoneOptions, useOneTapPhone } from '../src/react/useOneTapPhone';
import { currentMock, MOCK_BASE_URL, MOCK_SIGN_URL, withYuefu } from './support/yuefu';

/** The hook options a partner would try first, as the story's controls. */
type TimelineProps = Pick<UseOneTapPhoneOptions, 'locale' | 'instant' | 'prefetchSign'>;

/** A headless use of the hook: the live state timeline and what reached the provider. */
function HeadlessTimeline({ locale = 'zh-CN', instant = false, prefetchSign = true }: TimelineProps) {
  const api = useOneTapPhone({
    appId: 'wozhitest',
    signUrl: MOCK_SIGN_URL,
    baseUrl: MOCK_BASE_URL,
    locale,
    instant,
    prefetchSign,
  });
  const started = useRef(performance.now());
  const [timeline, setTimeline] = useState<string[]>([]);
  const label = api.status === 'polling' ? `polling ${api.attempt}/${api.attempts}` : api.status;
  useEffect(() => {
    setTimeline((lines) => [...lines, `${Math.round(performance.now() - started.current)} ms  ${label}`]);
  }, [label]);
  const requests = currentMock()?.requests ?? [];
  return (
    <div style={{ fontFamily: 'ui-monospace, monospace', display: 'grid', gap: 12 }}>
      <div>
        <button type="button" onClick={api.start} disabled={isLookingUp(api)}>
          start()
        </button>{' '}
        <button type="button" onClick={api.cancel} disabled={!isLookingUp(api)}>
          cancel()
        </button>{' '}
        <button type="button" onClick={api.reset}>
          reset()
        </button>{' '}
        <label>
          <input type="checkbox" checked={api.consent} onChange={(e) => api.setConsent(e.target.checked)} />{' '}
          setConsent()
        </label>{' '}
        <button type="button" onClick={api.confirm}>
          confirm()
        </button>
      </div>
      <output aria-label="state">
        status={api.status} attempt={api.status === 'polling' ? api.attempt : '–'} phone=
        {'phone' in api ? api.phone : '–'} error={api.status === 'error' ? api.error.code : '–'}
      </output>
      {api.status === 'error' && <p role="alert">{api.error.localizedMessage(locale)}</p>}
      <section aria-label="timeline">
        <h3>Timeline</h3>
        <ol>
          {timeline.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ol>
      </section>
      <section aria-label="requests">
        <h3>Requests sent ({requests.length})</h3>
        <ol>
          {requests.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
            <li key={i}>
              {r.endpoint} → {r.status}
              {r.resCode === undefined ? '' : ` resCode ${r.resCode}`}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function CacheKeys() {
  const client = useQueryClient();
  const [keys, setKeys] = useState<string[]>([]);
  useEffect(() => {
    const update = () =>
      setKeys(
        client
          .getQueryCache()
          .getAll()
          .map((q) => JSON.stringify(q.queryKey)),
      );
    update();
    return client.getQueryCache().subscribe(update);
  }, [client]);
  return (
    <p>
      App QueryClient cache: <code>{keys.join(', ') || '(empty)'}</code>
    </p>
  );
}

const meta = {
  title: 'useOneTapPhone',
  component: HeadlessTimeline,
  args: { locale: 'zh-CN', instant: false, prefetchSign: true },
  argTypes: {
    locale: { control: 'inline-radio', options: ['zh-CN', 'en'], description: 'Language of error messages.' },
    instant: { control: 'boolean', description: 'Skip the consent step: ready goes straight to success.' },
    prefetchSign: {
      control: 'boolean',
      description: 'Fetch a sign on mount, so a tap goes straight to getphone.',
    },
  },
  beforeEach: withYuefu({ resolveMs: 1200 }),
} satisfies Meta<typeof HeadlessTimeline>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Without any QueryClientProvider: the hook makes its own client. */
export const HeadlessTimelineDemo: Story = {
  name: 'Headless timeline (no app QueryClient)',
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'start()' }));
    await waitFor(() => expect(canvas.getByLabelText('state')).toHaveTextContent('status=ready'), {
      timeout: 8000,
    });
    // The consent rule comes with the hook: no success without it.
    await userEvent.click(canvas.getByRole('button', { name: 'confirm()' }));
    await expect(canvas.getByLabelText('state')).toHaveTextContent('status=ready');
    await userEvent.click(canvas.getByRole('checkbox', { name: 'setConsent()' }));
    await userEvent.click(canvas.getByRole('button', { name: 'confirm()' }));
    await expect(canvas.getByLabelText('state')).toHaveTextContent('status=success');
    await expect(canvas.getByLabelText('timeline')).toHaveTextContent('polling 1/6');
    await expect(canvas.getByLabelText('requests')).toHaveTextContent('getphone → 200 resCode 0');
  },
};

const appClient = new QueryClient();

/** Inside the app's own QueryClientProvider: the sign query lands in the app's cache. */
export const WithAppQueryClient: Story = {
  decorators: [
    (Story) => (
      <QueryClientProvider client={appClient}>
        <CacheKeys />
        <Story />
      </QueryClientProvider>
    ),
  ],
  play: async ({ canvas, userEvent }) => {
    await waitFor(() => expect(canvas.getByText(/one-tap-phone","sign/)).toBeVisible());
    await userEvent.click(canvas.getByRole('button', { name: 'start()' }));
    await waitFor(() => expect(canvas.getByLabelText('state')).toHaveTextContent('phone=134****8682'), {
      timeout: 8000,
    });
  },
};
