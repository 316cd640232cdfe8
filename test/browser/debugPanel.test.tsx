import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, inject, it, vi } from 'vitest';
import type { OneTapEvent } from '../../src/core/telemetry';
import { OneTapLogin } from '../../src/react/OneTapLogin';

// <OneTapLogin debug> in Chromium, with real JSONP <script> requests to the mock Yuefu and its
// demo sign endpoint: what a tester reads on the phone, and what "copy report" hands over.

const MASKED = '134****8682';
const FULL = '13412348682';

const panel = () => screen.findByRole('region', { name: /one-tap-phone/ });

async function panelText(until: string | RegExp): Promise<string> {
  const region = await panel();
  await waitFor(() => expect(region).toHaveTextContent(until), { timeout: 8000 });
  return asReport(region.textContent);
}

/** The panel's text as the report has it: "12 ms" with a plain space (the panel keeps it on one line). */
const asReport = (text: string | null) => (text ?? '').replaceAll('\u00a0', ' ');

function expectNoSecrets(text: string, sign: string) {
  for (const secret of [MASKED, FULL, sign, encodeURIComponent(sign)]) expect(text).not.toContain(secret);
}

describe('<OneTapLogin debug> in Chromium against the mock Yuefu', () => {
  it('lists a login phase by phase in ms, each query with its resCode, the pre-check’s view and the flowId', async () => {
    const events: OneTapEvent[] = [];
    const onSuccess = vi.fn();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    render(
      <OneTapLogin
        appId="app-slow"
        signUrl={inject('mockSignUrl')}
        baseUrl={inject('mockBaseUrl')}
        locale="en"
        debug
        onEvent={(event) => events.push(event)}
        onSuccess={onSuccess}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: /Sign in/ }));
    await screen.findByText(MASKED, {}, { timeout: 8000 });
    await userEvent.click(screen.getByRole('checkbox'));
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    const text = await panelText('success: mobile');
    const [[{ sign }]] = onSuccess.mock.calls as [[{ sign: string }]];

    const flowId = events[0]?.flowId;
    expect(text).toContain(`Current flow · flowId ${flowId}`);
    expect(text).toMatch(/\+\d+ ms {2}sign \(initial\): answered, \d+ ms/);
    expect(text).toMatch(/\+\d+ ms {2}getphone: answered, \d+ ms/);
    // This mock app resolves the number 1.5 s after getphone: resCode 3 first, then 0.
    expect(text).toMatch(/query 1: resCode 3, \d+ ms/);
    expect(text).toMatch(/query \d: resCode 0, \d+ ms.*ready: mobile.*success: mobile/s);
    const { protocol } = location;
    expect(text).toContain(`page: ${protocol}`);
    expect(text).toContain(`provider: http: ${new URL(inject('mockBaseUrl')).host}`);
    expect(text).toMatch(/connection: (not reported by the browser|\w+)/);
    expect(text).toContain('script blocked by the page’s policy (CSP): not seen');

    await userEvent.click(within(await panel()).getByRole('button', { name: 'Copy report' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledOnce());
    const report = writeText.mock.calls[0]?.[0] ?? '';
    expect(report).toContain(`flowId ${flowId}`);
    expect(report).toMatch(/query 1: resCode 3/);
    expectNoSecrets(text, sign);
    expectNoSecrets(report, sign);
    writeText.mockRestore();
  });

  it('lists six queries and RESULT_UNAVAILABLE when the number never resolves', async () => {
    render(
      <OneTapLogin
        appId="app-wifi"
        signUrl={inject('mockSignUrl')}
        baseUrl={inject('mockBaseUrl')}
        pollDelays={[50, 50, 50, 50, 50, 50]}
        debug
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: '本机号码一键登录' }));
    const text = await panelText('RESULT_UNAVAILABLE');
    for (const attempt of [1, 2, 3, 4, 5, 6])
      expect(text).toMatch(new RegExp(`query 第 ${attempt} 次: resCode 3`));
    expect(text).not.toContain('第 7 次');
    expect(text).toMatch(/错误: RESULT_UNAVAILABLE, resCode 3/);
    expect(text).toContain('通常是 Wi-Fi');
  });

  it('shows no panel without debug', async () => {
    render(<OneTapLogin appId="wozhitest" signUrl={inject('mockSignUrl')} baseUrl={inject('mockBaseUrl')} />);
    await userEvent.click(screen.getByRole('button'));
    await screen.findByText(MASKED, {}, { timeout: 8000 });
    expect(screen.queryByRole('region')).toBeNull();
  });
});
