import { describe, expect, it } from 'vitest';
import { BaseError } from './errors.ts';

class InnerError extends BaseError {
  override name = 'InnerError';
}

describe('BaseError', () => {
  it('keeps the short message apart from details', () => {
    const error = new BaseError('Chain is locked.', { details: ['Data directory: /tmp/x'] });
    expect(error.shortMessage).toBe('Chain is locked.');
    expect(error.message).toBe('Chain is locked.\nData directory: /tmp/x');
  });

  it('walks the cause chain to a matching error or the deepest one', () => {
    const root = new Error('disk full');
    const inner = new InnerError('write failed', { cause: root });
    const outer = new BaseError('seal failed', { cause: inner });
    expect(outer.walk((e) => e instanceof InnerError)).toBe(inner);
    expect(outer.walk()).toBe(root);
    expect(outer.walk((e) => e instanceof TypeError)).toBeUndefined();
  });
});
