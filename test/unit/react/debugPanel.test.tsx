import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OneTapError } from '../../../src/core/errors';
import { DEFAULT_BASE_URL } from '../../../src/core/protocol';
import type { OneTapConfig } from '../../../src/react/config';
import type { DebugRecord } from '../../../src/react/debugReport';
import { DEBUG_LABELS, keepNewestFlows, PROVIDER_DEFAULT } from '../../../src/react/debugReport';
import { OneTapLogin } from '../../../src/react/OneTapLogin';
import { useOneTapPhone } from '../../../src/react/useOneTapPhone';
import { fakeConfig } from '../../support/reactHarness';
import { answers, SAMPLE_SIGN } from '../../support/scriptedProvider';

// The debug panel (<OneTapLogin debug>) in jsdom, over the real store and a scripted provider:
// what it lists for each kind of flow, the report it copies, and what it never shows.

const MASKED = '134****8682';
const FULL = '13412348682';

afterEach(() => vi.unstubAllGlobals());

const panel = () => screen.findByRole('region', { name: /one-tap-phone/ });

/** The panel's text once it lists `until` (it looks for new records every 200 ms). */
async function panelText(until: string | RegExp): Promise<string> {
  const region = await panel();
  await waitFor(() => expect(region).toHaveTextContent(until), { timeout: 3000 });
  return asReport(region.textContent);
}

/** The panel's text as the report has it: "12 ms" with a plain space (the panel keeps it on one line). */
const asReport = (text: string | null) => (text ?? '').replaceAll('\u00a0', ' ');

/** Never a number (masked or full) nor the sign (as is or URL-encoded). */
function expectNoSecrets(text: string) {
  for (const secret of [MASKED, FULL, SAMPLE_SIGN, encodeURIComponent(SAMPLE_SIGN)]) {
    expect(text).not.toContain(secret);
  }
}

async function tapWith(config: OneTapConfig) {
  render(<OneTapLogin {...config} />);
  await userEvent.click(screen.getByRole('button', { name: /一键登录|Sign in/ }));
}

describe('<OneTapLogin debug>', () => {
  it('lists a login phase by phase with its ms, each query with its attempt and resCode, and the flowId', async () => {
    const onEvent = vi.fn();
    const { config } = fakeConfig([answers.notReady, answers.ok], { debug: true, onEvent });
    await tapWith(config);
    const text = await panelText('取到号码');
    const flowId = onEvent.mock.calls[0]?.[0].flowId as string;
    expect(text).toContain(`当前流程 · flowId ${flowId}`);
    expect(text).toMatch(/\+\d+ ms {2}签名 \(首次\): 已应答, \d+ ms/);
    expect(text).toMatch(/\+\d+ ms {2}getphone: 已应答, \d+ ms/);
    expect(text).toMatch(/\+\d+ ms {2}query 第 1 次: resCode 3, \d+ ms/);
    expect(text).toMatch(/\+\d+ ms {2}query 第 2 次: resCode 0, \d+ ms/);
    expect(text).toMatch(/\+\d+ ms {2}取到号码: mobile/);
    expect(onEvent).toHaveBeenCalled(); // the partner's own onEvent still hears every phase
    expectNoSecrets(text);
  });

  it('lists six queries and RESULT_UNAVAILABLE with what to do when the number never resolves', async () => {
    const { config } = fakeConfig([answers.notReady], { debug: true, locale: 'en' });
    await tapWith(config);
    const text = await panelText('RESULT_UNAVAILABLE');
    for (const attempt of [1, 2, 3, 4, 5, 6]) expect(text).toMatch(new RegExp(`query ${attempt}: resCode 3`));
    expect(text).not.toContain('query 7');
    expect(text).toMatch(/error: RESULT_UNAVAILABLE, resCode 3/);
    expect(text).toContain(DEBUG_LABELS.en.todo.RESULT_UNAVAILABLE);
  });

  it('shows a re-sign after resCode 2, its queries counted anew', async () => {
    const { config } = fakeConfig([answers.expired, answers.ok], { debug: true, locale: 'en' });
    await tapWith(config);
    const text = await panelText('ready: mobile');
    expect(text).toMatch(
      /sign \(initial\).*getphone.*query 1: resCode 2.*sign \(after token expired\).*getphone.*query 1: resCode 0.*ready/s,
    );
  });

  it('shows the sign endpoint’s HTTP status and its own code when it fails', async () => {
    const fetch = vi.fn(async () =>
      Response.json({ error: { code: 'PROVIDER_UNAVAILABLE', message: 'down' } }, { status: 503 }),
    );
    const { config } = fakeConfig([answers.ok], {
      debug: true,
      locale: 'en',
      getSign: undefined,
      signUrl: 'http://partner.test/api/sign',
      fetch,
      prefetchSign: false,
    });
    await tapWith(config);
    const text = await panelText('error: SIGN_FAILED');
    expect(text).toMatch(/sign \(initial\): failed SIGN_FAILED, HTTP 503 PROVIDER_UNAVAILABLE, \d+ ms/);
    expect(text).toContain(DEBUG_LABELS.en.todo.SIGN_FAILED);
    expect(text).not.toContain('getphone');
  });

  it('names a query that failed to load, and the flow goes on to the next', async () => {
    const { config } = fakeConfig([() => Promise.reject(new OneTapError('NETWORK')), answers.ok], {
      debug: true,
      locale: 'en',
    });
    await tapWith(config);
    const text = await panelText('ready');
    expect(text).toMatch(/query 1: failed NETWORK, \d+ ms.*query 2: resCode 0/s);
  });

  it('says the page’s policy blocked a script when a request failed with CSP_BLOCKED', async () => {
    const blocked = new OneTapError('CSP_BLOCKED', {
      detail: 'script-src does not allow https://yuefu.test',
    });
    const { config } = fakeConfig([() => Promise.reject(blocked)], { debug: true, locale: 'en' });
    await tapWith(config);
    // The flow ends at the first refused script, as the library ends it: no query after it.
    const text = await panelText('error: CSP_BLOCKED');
    expect(text).toContain('script blocked by the page’s policy (CSP): yes');
    expect(text).toContain(DEBUG_LABELS.en.todo.CSP_BLOCKED);
    expect(text).not.toContain('query 2');
  });

  it('counts a script the policy refused only when it is the provider’s', async () => {
    const { config } = fakeConfig([answers.ok], {
      debug: true,
      locale: 'en',
      baseUrl: 'https://yuefu.test/getphone',
    });
    render(<OneTapLogin {...config} />);
    await panelText('connection');
    const violation = (blockedURI: string) =>
      document.dispatchEvent(
        Object.assign(new Event('securitypolicyviolation'), {
          blockedURI,
          effectiveDirective: 'script-src-elem',
        }),
      );
    violation('https://analytics.example/tag.js');
    expect(await panelText('connection')).toContain('script blocked by the page’s policy (CSP): not seen');
    violation('https://yuefu.test'); // WebKit names a cross-origin script by its origin alone
    await waitFor(async () =>
      expect(await panelText('connection')).toContain('script blocked by the page’s policy (CSP): yes'),
    );
  });

  it('shows the pre-check’s view: page and provider protocols, the connection type or that none is reported', async () => {
    const { config } = fakeConfig([answers.ok], {
      debug: true,
      locale: 'en',
      environment: { pageProtocol: 'https:', connectionType: 'wifi' },
      baseUrl: 'https://yuefu.test/getphone',
    });
    render(<OneTapLogin {...config} />);
    const text = await panelText('connection');
    expect(text).toContain('page: https:');
    expect(text).toContain('provider: https: yuefu.test');
    expect(text).toContain('connection: wifi');
    expect(text).toContain('script blocked by the page’s policy (CSP): not seen');
    expect(text).toContain('No flow yet');

    const { config: unreported } = fakeConfig([answers.ok], { debug: true, locale: 'en' });
    render(<OneTapLogin {...unreported} baseUrl={undefined} />);
    const panels = await screen.findAllByRole('region', { name: /one-tap-phone/ });
    expect(panels[1]).toHaveTextContent('connection: not reported by the browser');
    expect(panels[1]).toHaveTextContent('provider: http: www.meiyuefu.com');
  });

  it('keeps the phases of a flow that began before its code arrived (lookup="mount")', async () => {
    const { config } = fakeConfig([answers.ok], { debug: true, locale: 'en' });
    render(<OneTapLogin {...config} lookup="mount" />);
    const text = await panelText('ready');
    expect(text).toMatch(/sign \(initial\).*getphone.*query 1: resCode 0.*ready/s);
  });

  it('lists the current flow and the last one, each with its flowId', async () => {
    const onEvent = vi.fn();
    const { config } = fakeConfig([answers.notReady], {
      debug: true,
      locale: 'en',
      onEvent,
      pollDelays: [5],
    });
    await tapWith(config);
    await panelText('RESULT_UNAVAILABLE');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getAllByText(/RESULT_UNAVAILABLE/)).toHaveLength(2), { timeout: 3000 });
    const ids = [...new Set(onEvent.mock.calls.map(([event]) => event.flowId))];
    expect(ids).toHaveLength(2);
    const text = asReport((await panel()).textContent);
    expect(text.indexOf(`Current flow · flowId ${ids[1]}`)).toBeLessThan(
      text.indexOf(`Last flow · flowId ${ids[0]}`),
    );
  });

  it('copies the same lines as a report, with no number and no sign', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { config } = fakeConfig([answers.ok], { debug: true, locale: 'en', instant: true });
    await tapWith(config);
    const region = await panel();
    await panelText('success: mobile');
    await userEvent.click(within(region).getByRole('button', { name: 'Copy report' }));
    await waitFor(() => expect(within(region).getByRole('button', { name: 'Copied' })).toBeVisible());
    const report = writeText.mock.calls[0]?.[0] ?? '';
    for (const line of [...region.querySelectorAll('[data-tone], div > div')].map((el) =>
      asReport(el.textContent),
    )) {
      if (line && !line.includes('Copy')) expect(report).toContain(line);
    }
    expect(report).toMatch(/^Debug \(one-tap-phone\)\n\d{4}-\d\d-\d\dT/);
    expectNoSecrets(report);
    expectNoSecrets(region.textContent ?? '');
  });

  it('falls back to execCommand without the Clipboard API, and to the text selected by hand when that fails', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined });
    const execCommand = vi.fn(() => true);
    document.execCommand = execCommand;
    const { config } = fakeConfig([answers.ok], { debug: true, locale: 'en' });
    render(<OneTapLogin {...config} />);
    const region = await panel();
    const status = within(region).getByRole('status'); // there before it speaks, so it is announced
    expect(status).toBeEmptyDOMElement();
    await userEvent.click(within(region).getByRole('button', { name: 'Copy report' }));
    expect(execCommand).toHaveBeenCalledWith('copy');
    await within(region).findByRole('button', { name: 'Copied' });
    expect(status).toHaveTextContent('Copied');

    execCommand.mockReturnValue(false);
    await userEvent.click(within(region).getByRole('button', { name: 'Copied' }));
    const byHand = await within(region).findByRole('textbox', { name: 'Copy report' });
    expect((byHand as HTMLTextAreaElement).value).toMatch(/^Debug \(one-tap-phone\)\n/);
    expect(status).toHaveTextContent(DEBUG_LABELS.en.copyByHand);
  });

  it('shows no panel without debug', async () => {
    const { config, provider } = fakeConfig([answers.ok]);
    const transport = vi.fn(provider.transport);
    await tapWith({ ...config, transport });
    await screen.findByText(MASKED);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('region')).toBeNull();
    expect(document.querySelector('[data-slot="debug"]')).toBeNull();
    expect(transport).toHaveBeenCalled();
  });
});

/** A partner's own UI on the hook, with the panel where it wants it. */
function Custom(config: OneTapConfig) {
  const api = useOneTapPhone(config);
  return (
    <div>
      <button type="button" onClick={api.start}>
        go
      </button>
      <output>{api.status}</output>
      <api.DebugPanel />
    </div>
  );
}

describe('useOneTapPhone({ debug })', () => {
  it('gives a custom UI the panel as a component, which renders nothing, and records nothing, without debug', async () => {
    const { config } = fakeConfig([answers.ok], { locale: 'en' });
    const { rerender } = render(<Custom {...config} debug={false} />);
    await userEvent.click(screen.getByRole('button', { name: 'go' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('ready'));
    expect(screen.queryByRole('region')).toBeNull();
    rerender(<Custom {...config} debug />);
    // The flow that ran without debug left no record.
    expect(await panelText('No flow yet')).not.toContain('query');
    await userEvent.click(screen.getByRole('button', { name: 'go' }));
    expect(await panelText('ready: mobile')).toContain('query 1: resCode 0');
  });
});

describe('the debug report', () => {
  it('knows the provider’s default address as the flow does', () => {
    expect(PROVIDER_DEFAULT).toBe(DEFAULT_BASE_URL);
  });

  it('keeps the newest flows’ records only', () => {
    const event = (flowId: string) =>
      ({ flowId, status: 'signing', at: 0, elapsedMs: 0, queries: 0 }) as const;
    const records: DebugRecord[] = [[1, event('a')], [2], [3, event('b')], [4, 0, {}], [5, event('c')], [6]];
    keepNewestFlows(records, 2);
    expect(records.map(([at]) => at)).toEqual([3, 4, 5, 6]);
    keepNewestFlows(records, 2);
    expect(records).toHaveLength(4);
  });

  it('has every text in both languages', () => {
    expect(Object.keys(DEBUG_LABELS.en).sort()).toEqual(Object.keys(DEBUG_LABELS['zh-CN']).sort());
    expect(Object.keys(DEBUG_LABELS.en.todo).sort()).toEqual(Object.keys(DEBUG_LABELS['zh-CN'].todo).sort());
  });
});
