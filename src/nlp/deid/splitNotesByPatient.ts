import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import type { DeidNote } from './DeidNote.ts';
import { DeidTrainingInputError } from './deidErrors.ts';

/** Train and held-out notes with no patient on both sides. */
export type PatientSplit = { train: DeidNote[]; test: DeidNote[]; testPatients: string[] };

/**
 * Splits notes by patient: patients are shuffled with the seed and taken into the held-out side until it holds
 * about `testFraction` of the notes, so no patient's notes (and their repeated names) leak into training.
 */
export function splitNotesByPatient(
  notes: readonly DeidNote[],
  testFraction: number,
  seed: number,
): PatientSplit {
  if (!(testFraction > 0 && testFraction < 1))
    throw new DeidTrainingInputError('testFraction must be between 0 and 1');
  const patients = [...new Set(notes.map((n) => n.patientId))].sort();
  if (patients.length < 2)
    throw new DeidTrainingInputError('A patient split needs notes of two patients or more');
  const random = new SeededRandom(seed);
  for (let i = patients.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [patients[i], patients[j]] = [patients[j] as string, patients[i] as string];
  }
  const counts = new Map<string, number>();
  for (const note of notes) counts.set(note.patientId, (counts.get(note.patientId) ?? 0) + 1);
  const target = testFraction * notes.length;
  const testPatients = new Set<string>();
  let taken = 0;
  for (const patient of patients) {
    if (taken >= target || testPatients.size === patients.length - 1) break;
    testPatients.add(patient);
    taken += counts.get(patient) ?? 0;
  }
  return {
    train: notes.filter((n) => !testPatients.has(n.patientId)),
    test: notes.filter((n) => testPatients.has(n.patientId)),
    testPatients: [...testPatients].sort(),
  };
}
