import type { DeidNote } from './DeidNote.ts';
import type { PhiType } from './PhiSpan.ts';
import { tokenize } from './tokenize.ts';

/**
 * What the training notes teach beyond weights: how many training patients had each word as a name or a place,
 * and in how many patients' notes each word occurs outside PHI (an ordinary word of the ward's language).
 * Counting patients (not occurrences) lets training features leave the note's own patient out, so a training
 * name does not "know" itself from the list, as an unseen name at test time would not.
 */
export type DeidLexicon = {
  names: ReadonlyMap<string, number>;
  places: ReadonlyMap<string, number>;
  words: ReadonlyMap<string, number>;
};

/** Patient-level sets of one patient's own names, places and ordinary words (for leave-own-patient-out counts). */
export type PatientLexicon = { names: Set<string>; places: Set<string>; words: Set<string> };

const key = (text: string) => text.toLowerCase();

/** Word keys of one note by role: the category of the gold span covering each token, or none. */
export function tokenRoles(note: DeidNote): { word: string; type: PhiType | undefined }[] {
  return tokenize(note.text).map((token) => {
    const span = note.spans.find((s) => s.start < token.end && s.end > token.start);
    return { word: key(token.text), type: span?.type };
  });
}

/** Builds the lexicon from training notes; also returns each patient's own sets. */
export function buildDeidLexicon(notes: readonly DeidNote[]): {
  lexicon: DeidLexicon;
  patients: Map<string, PatientLexicon>;
} {
  const patients = new Map<string, PatientLexicon>();
  for (const note of notes) {
    let own = patients.get(note.patientId);
    if (!own) {
      own = { names: new Set(), places: new Set(), words: new Set() };
      patients.set(note.patientId, own);
    }
    for (const { word, type } of tokenRoles(note)) {
      if (!/\p{L}/u.test(word)) continue;
      if (type === 'NAME') own.names.add(word);
      else if (type === 'LOCATION') own.places.add(word);
      else if (type === undefined) own.words.add(word);
    }
  }
  const count = (pick: (p: PatientLexicon) => Set<string>) => {
    const counts = new Map<string, number>();
    for (const p of patients.values()) for (const w of pick(p)) counts.set(w, (counts.get(w) ?? 0) + 1);
    return counts;
  };
  return {
    lexicon: { names: count((p) => p.names), places: count((p) => p.places), words: count((p) => p.words) },
    patients,
  };
}
