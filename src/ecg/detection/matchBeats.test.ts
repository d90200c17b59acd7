import { describe, expect, it } from 'vitest';
import { matchBeats } from './matchBeats.ts';

describe('matchBeats', () => {
  it('pairs each reference beat with the closest unused detection within the window', () => {
    const m = matchBeats([100, 200, 300, 400], [95, 110, 260, 401, 900], 20);
    expect(Array.from(m.matchOf)).toEqual([0, -1, -1, 3]);
    expect(m).toMatchObject({ truePositives: 2, falseNegatives: 2, falsePositives: 3 });
    expect(m.sensitivity).toBe(0.5);
    expect(m.ppv).toBe(0.4);
  });

  it('uses a detection once even when two reference beats are near it', () => {
    const m = matchBeats([100, 110], [105], 20);
    expect(m.truePositives).toBe(1);
    expect(m.falseNegatives).toBe(1);
  });
});
