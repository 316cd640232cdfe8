import { describe, expect, it } from 'vitest';
import { OneTapError } from '../../src/core/errors';
import { idleState, type OneTapEvent, type OneTapState, oneTapReducer } from '../../src/core/state';

const result = { phone: '134****8682', par: 'P', sign: 'S' };
const run = (events: OneTapEvent[], from: OneTapState = idleState) => events.reduce(oneTapReducer, from);

describe('oneTapReducer', () => {
  it('walks a flow from idle to success', () => {
    expect(
      run([
        { type: 'sign', reason: 'initial' },
        { type: 'request' },
        { type: 'poll', attempt: 1, attempts: 6 },
        { type: 'succeed', result },
      ]),
    ).toEqual({ status: 'success', ...result });
  });

  it('carries the attempt on polling', () => {
    expect(
      run([
        { type: 'sign', reason: 'initial' },
        { type: 'poll', attempt: 3, attempts: 6 },
      ]),
    ).toEqual({
      status: 'polling',
      attempt: 3,
      attempts: 6,
    });
  });

  it('fails from any running state, including before signing', () => {
    const error = new OneTapError('NOT_CELLULAR');
    expect(run([{ type: 'fail', error }])).toEqual({ status: 'error', error });
  });

  it.each<OneTapEvent>([
    { type: 'request' },
    { type: 'poll', attempt: 2, attempts: 6 },
    { type: 'fail', error: new OneTapError('ABORTED') },
    { type: 'succeed', result: { ...result, phone: '999' } },
  ])('keeps a finished outcome when a straggling $type arrives', (event) => {
    const done: OneTapState = { status: 'success', ...result };
    expect(oneTapReducer(done, event)).toBe(done);
  });

  it('leaves an end state by a new sign (a new tap) or a reset', () => {
    const failed: OneTapState = { status: 'error', error: new OneTapError('TIMEOUT') };
    expect(oneTapReducer(failed, { type: 'sign', reason: 'initial' })).toEqual({
      status: 'signing',
      reason: 'initial',
    });
    expect(oneTapReducer(failed, { type: 'reset' })).toBe(idleState);
  });
});
