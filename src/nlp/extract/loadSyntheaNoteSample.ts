import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AllergyIntolerance, Condition, DocumentReference, MedicationRequest } from '@medplum/fhirtypes';
import { documentReferenceText } from './documentReferenceText.ts';

/** The repository's sample of Synthea notes and the structured records beside them (data/nlp/synthea-notes/). */
export const SYNTHEA_NOTE_SAMPLE_DIR = resolve(import.meta.dirname, '../../../data/nlp/synthea-notes');

/** One note: its text and where it belongs. */
export type SampleNote = {
  document: string;
  patient: string;
  encounter: string;
  date: string;
  text: string;
};

/** A structured fact of the same patients: what it codes, for whom, at which encounter, since when. */
export type StructuredFact = {
  patient: string;
  encounter?: string;
  code: string;
  display: string;
  date: string;
};

/** The notes, the patients' Conditions, MedicationRequests and AllergyIntolerances, and the patient split. */
export type SyntheaNoteSample = {
  notes: SampleNote[];
  conditions: StructuredFact[];
  medications: StructuredFact[];
  allergies: StructuredFact[];
  /** Patients whose records were never looked at when the dictionaries were curated. */
  heldOutPatients: ReadonlySet<string>;
};

function ndjson<T>(dir: string, file: string): T[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Reads the sample (about 340 notes of 13 synthetic patients, ~2 MB). */
export function loadSyntheaNoteSample(dir: string = SYNTHEA_NOTE_SAMPLE_DIR): SyntheaNoteSample {
  const notes = ndjson<DocumentReference>(dir, 'DocumentReference.ndjson').map((doc) => ({
    document: `DocumentReference/${doc.id}`,
    patient: doc.subject?.reference ?? '',
    encounter: doc.context?.encounter?.[0]?.reference ?? '',
    date: doc.date ?? '',
    text: documentReferenceText(doc),
  }));
  const conditions = ndjson<Condition>(dir, 'Condition.ndjson').map((c) => ({
    patient: c.subject.reference ?? '',
    ...(c.encounter?.reference ? { encounter: c.encounter.reference } : {}),
    code: c.code?.coding?.[0]?.code ?? '',
    display: c.code?.coding?.[0]?.display ?? '',
    date: c.onsetDateTime ?? '',
  }));
  const medications = ndjson<MedicationRequest>(dir, 'MedicationRequest.ndjson').map((m) => ({
    patient: m.subject.reference ?? '',
    ...(m.encounter?.reference ? { encounter: m.encounter.reference } : {}),
    code: m.medicationCodeableConcept?.coding?.[0]?.code ?? '',
    display: m.medicationCodeableConcept?.coding?.[0]?.display ?? '',
    date: m.authoredOn ?? '',
  }));
  const allergies = ndjson<AllergyIntolerance>(dir, 'AllergyIntolerance.ndjson').map((a) => ({
    patient: a.patient.reference ?? '',
    code: a.code?.coding?.[0]?.code ?? '',
    display: a.code?.coding?.[0]?.display ?? '',
    date: a.recordedDate ?? '',
  }));
  const split = JSON.parse(readFileSync(join(dir, 'split.json'), 'utf8')) as { heldOutPatients: string[] };
  return { notes, conditions, medications, allergies, heldOutPatients: new Set(split.heldOutPatients) };
}
