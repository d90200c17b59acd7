import { describe, expect, it } from 'vitest';
import { evaluateExtraction } from './evaluateExtraction.ts';
import type { SyntheaNoteSample } from './loadSyntheaNoteSample.ts';

const P = 'Patient/p1';
const note = {
  document: 'DocumentReference/d1',
  patient: P,
  encounter: 'Encounter/e2',
  date: '2020-05-01T10:00:00Z',
  text: [
    '# History of Present Illness',
    'Patient has a history of essential hypertension (disorder). Patient is presenting with viral sinusitis (disorder).',
    'Denies asthma.',
    '# Allergies',
    'No Known Allergies.',
    '# Medications',
    'lisinopril 10 mg oral tablet; cisplatin 50 mg injection',
  ].join('\n'),
};

const sample: SyntheaNoteSample = {
  notes: [note],
  conditions: [
    {
      patient: P,
      encounter: 'Encounter/e1',
      code: '59621000',
      display: 'Essential hypertension (disorder)',
      date: '2019-01-01T00:00:00Z',
    },
    {
      patient: P,
      encounter: 'Encounter/e2',
      code: '444814009',
      display: 'Viral sinusitis (disorder)',
      date: '2020-05-01T10:00:00Z',
    },
    {
      patient: P,
      encounter: 'Encounter/e2',
      code: '10509002',
      display: 'Acute bronchitis (disorder)',
      date: '2020-05-01T10:00:00Z',
    },
    // Recorded after the note: not part of the record the note could know.
    {
      patient: P,
      encounter: 'Encounter/e3',
      code: '195967001',
      display: 'Asthma',
      date: '2021-01-01T00:00:00Z',
    },
  ],
  medications: [
    {
      patient: P,
      encounter: 'Encounter/e2',
      code: '314076',
      display: 'lisinopril 10 MG Oral Tablet',
      date: '2020-05-01T10:00:00Z',
    },
  ],
  allergies: [],
  heldOutPatients: new Set([P]),
};

describe('evaluateExtraction', () => {
  it('scores recall against the encounter and precision against the record as of the note', () => {
    const scores = evaluateExtraction(sample, sample.notes);
    // Hypertension and sinusitis extracted and recorded; the denied asthma is not counted as extracted.
    expect(scores.condition).toMatchObject({
      extracted: 2,
      correct: 2,
      silver: 2,
      found: 1,
      precision: 1,
      recall: 0.5,
    });
    // Lisinopril is ordered; cisplatin is extracted but not in the record.
    expect(scores.medication).toMatchObject({
      extracted: 2,
      correct: 1,
      silver: 1,
      found: 1,
      precision: 0.5,
    });
    expect(scores.noKnownAllergy).toEqual({ notesStating: 1, agreeing: 1 });
    expect(scores.sig).toMatchObject({ withStrength: 1, doseAgrees: 1, withRoute: 1, routeAgrees: 1 });
  });
});
