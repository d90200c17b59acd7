import { describe, expect, it } from 'vitest';
import { mergePhiSpans } from './mergePhiSpans.ts';

describe('mergePhiSpans', () => {
  it('unions overlapping spans, keeping the type of the first list', () => {
    expect(
      mergePhiSpans(
        [{ start: 5, end: 10, type: 'DATE' }],
        [
          { start: 0, end: 3, type: 'NAME' },
          { start: 8, end: 14, type: 'NAME' },
          { start: 20, end: 22, type: 'LOCATION' },
        ],
      ),
    ).toEqual([
      { start: 0, end: 3, type: 'NAME' },
      { start: 5, end: 14, type: 'DATE' },
      { start: 20, end: 22, type: 'LOCATION' },
    ]);
  });
});
