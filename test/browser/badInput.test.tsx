import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import type { OneTapErrorCode } from '../../src/core/errors';
import { pendingJsonpCallbacks } from '../../src/core/jsonp';
import type { FaultName } from '../../src/mock/faults';
import { OneTapLogin } from '../../src/react/OneTapLogin';

// Bad input, table-driven, through <OneTapLogin> and real JSONP <script> requests in Chromium
// against the mock's fault modes. A fault spoils the first flow of its app only, so each row
// also proves that the button recovers and a retry reaches the number.
type Expected = OneTapErrorCode | 'success';
const ROWS: [FaultName, string, Expected][] = [
  ['sign-500', 'sign endpoint answers HTTP 500', 'SIGN_FAILED'],
  ['sign-404', 'sign endpoint answers HTTP 404', 'SIGN_FAILED'],
  ['sign-empty', 'sign endpoint answers an empty body', 'SIGN_FAILED'],
  ['sign-junk', 'sign endpoint answers an HTML page', 'SIGN_FAILED'],
  ['getphone-404', 'getphone answers HTTP 404', 'success'],
  ['getphone-500', 'getphone answers HTTP 500', 'success'],
  ['query-404', 'query answers HTTP 404', 'NETWORK'],
  ['query-500', 'query answers HTTP 500', 'NETWORK'],
  ['query-empty', 'query answers an empty script', 'BAD_RESPONSE'],
  ['query-undefined', 'cb(undefined)', 'BAD_RESPONSE'],
  ['query-html-string', 'cb("<html>…")', 'BAD_RESPONSE'],
  ['query-syntax-error', 'a script with a syntax error', 'BAD_RESPONSE'],
  ['query-twice', 'the callback called twice', 'success'],
  ['query-no-callback', 'the callback never called', 'BAD_RESPONSE'],
  ['query-hang', 'query never answers', 'TIMEOUT'],
  ['query-rescode-number', 'resCode as a number', 'success'],
  ['query-unknown-rescode', 'an unknown resCode', 'BAD_RESPONSE'],
  ['query-object-string', 'object as a JSON string', 'success'],
  ['query-object-null', 'object null', 'BAD_RESPONSE'],
  ['query-no-phone', 'object without phone', 'BAD_RESPONSE'],
  ['query-1mb', 'a 1 MB body', 'BAD_RESPONSE'],
  ['query-markup-phone', 'a phone holding markup', 'BAD_RESPONSE'],
];

const table: string[] = [];
afterAll(() => {
  console.info(
    `bad input through real JSONP in Chromium:\n${['input | outcome | tap → outcome', ...table].join('\n')}`,
  );
});

describe('bad input ends in its documented code, and the button recovers', () => {
  it.each(ROWS)('%s (%s) → %s', async (fault, label, expected) => {
    const scriptErrors: string[] = [];
    const onWindowError = (event: ErrorEvent) => {
      scriptErrors.push(event.message);
      event.preventDefault(); // the provider's broken script, reported by the browser, not thrown by us
    };
    window.addEventListener('error', onWindowError);
    const onError = vi.fn();
    const onSuccess = vi.fn();
    const { container, unmount } = render(
      <OneTapLogin
        appId={`fault-${fault}`}
        signUrl={inject('mockSignUrl')}
        baseUrl={inject('mockBaseUrl')}
        pollDelays={[50, 50, 50]}
        requestTimeoutMs={800}
        prefetchSign={false}
        instant // the number straight to onSuccess: this is about the flow, not the step
        onError={onError}
        onSuccess={onSuccess}
      />,
    );
    try {
      const button = screen.getByRole('button');
      const tapped = performance.now();
      await userEvent.click(button);
      await waitFor(() => expect(button.dataset.state).toMatch(/^(success|error)$/), { timeout: 8000 });
      const elapsed = Math.round(performance.now() - tapped);
      const outcome =
        button.dataset.state === 'success' ? 'success' : (onError.mock.calls[0]?.[0]?.code as string);
      table.push(`${label} | ${outcome} | ${elapsed} ms`);
      expect(outcome).toBe(expected);
      if (expected !== 'success') {
        expect(button).toBeEnabled();
        await userEvent.click(button);
        await waitFor(() => expect(button.dataset.state).toBe('success'), { timeout: 8000 });
      }
      expect(onSuccess).toHaveBeenCalledTimes(1);
      // Markup never reaches the page or onSuccess: the retry's answer is the real number.
      expect(button).toHaveTextContent('134****8682');
      expect(container.querySelector('img')).toBeNull();
      expect(onSuccess.mock.calls[0]?.[0]).toMatchObject({ phone: '134****8682' });
      expect(scriptErrors).toHaveLength(fault === 'query-syntax-error' ? 3 : 0); // one per query
      expect(document.querySelectorAll('script[src*="__oneTapPhone"]')).toHaveLength(0);
    } finally {
      unmount();
      window.removeEventListener('error', onWindowError);
    }
  });

  it('ignores an answer that arrives after a cancel', async () => {
    const onError = vi.fn();
    render(
      <OneTapLogin
        appId="app-no-answer"
        signUrl={inject('mockSignUrl')}
        baseUrl={inject('mockBaseUrl')}
        pollDelays={[50]}
        requestTimeoutMs={5000}
        onError={onError}
      >
        {(api) => (
          <>
            <button type="button" onClick={api.start}>
              go
            </button>
            <button type="button" onClick={api.cancel}>
              stop
            </button>
            <output>{api.status === 'error' ? api.error.code : api.status}</output>
          </>
        )}
      </OneTapLogin>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'go' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('polling'));
    await userEvent.click(screen.getByRole('button', { name: 'stop' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('ABORTED'));
    expect(onError).not.toHaveBeenCalled();
    // The hung query's script answers (504) later; nothing changes and nothing is left behind.
    await vi.waitFor(() => expect(pendingJsonpCallbacks()).toBe(0), { timeout: 8000 });
    expect(screen.getByRole('status')).toHaveTextContent('ABORTED');
  });
});
