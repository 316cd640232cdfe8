// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { OneTapLogin } from '../../../src/react/OneTapLogin';

describe('server rendering', () => {
  it('renders the idle button with no window or document', () => {
    expect(typeof globalThis.window).toBe('undefined');
    const html = renderToString(<OneTapLogin appId="wozhitest" signUrl="/api/sign" />);
    expect(html).toContain('type="button"');
    expect(html).toContain('本机号码一键登录');
    expect(html).toContain('data-state="idle"');
  });
});
