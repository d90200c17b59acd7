import { describe, expect, it } from 'vitest';
import type { DeidNote } from './DeidNote.ts';
import { splitNotesByPatient } from './splitNotesByPatient.ts';

const notes: DeidNote[] = Array.from({ length: 60 }, (_, i) => ({
  patientId: `p${i % 12}`,
  noteId: String(i),
  text: 'x',
  spans: [],
}));

describe('splitNotesByPatient', () => {
  it('never puts a patient on both sides, holds out about the fraction, and follows the seed', () => {
    const split = splitNotesByPatient(notes, 0.25, 42);
    const train = new Set(split.train.map((n) => n.patientId));
    for (const n of split.test) expect(train.has(n.patientId)).toBe(false);
    expect(split.train.length + split.test.length).toBe(60);
    expect(split.test.length).toBeGreaterThanOrEqual(15);
    expect(split.test.length).toBeLessThanOrEqual(20);
    expect(splitNotesByPatient(notes, 0.25, 42).testPatients).toEqual(split.testPatients);
    const others = [1, 2, 3].map((seed) => splitNotesByPatient(notes, 0.25, seed).testPatients.join());
    expect(others.some((o) => o !== split.testPatients.join())).toBe(true);
  });
});
