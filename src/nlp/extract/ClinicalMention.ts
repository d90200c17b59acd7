import type { Assertion } from './assertionOf.ts';
import type { AllergenConcept, ConditionConcept, MedicationConcept } from './ClinicalDictionaries.ts';
import type { VitalSignMention } from './findVitalSigns.ts';
import type { SectionKind } from './noteSections.ts';
import type { MedicationSig } from './parseMedicationSig.ts';

/** What every mention carries: its span in the note, how the note asserts it, and why it was read so. */
export type MentionBase = {
  /** UTF-16 offsets `[start, end)` into the note text. */
  start: number;
  end: number;
  /** The note's words at `[start, end)`. */
  text: string;
  assertion: Assertion;
  /** The cue that set the assertion ("denies", "r/o", "history of"), with its offsets. */
  cue?: { text: string; start: number; end: number };
  section?: SectionKind;
  /** One sentence for the clinician: which dictionary or pattern matched and what decided the assertion. */
  explanation: string;
};

/** A condition or symptom named in the note. */
export type ConditionMention = MentionBase & { kind: 'condition'; concept: ConditionConcept };

/** A medication named in the note, with its instructions as far as they were read. */
export type MedicationMention = MentionBase & {
  kind: 'medication';
  concept: MedicationConcept;
  sig: MedicationSig;
  /** "stopped", "discontinued", "held" next to the name. */
  stopped?: boolean;
};

/** An allergy, or the statement that the patient has none known (NKA, NKDA). */
export type AllergyMention = MentionBase & {
  kind: 'allergy';
  allergen: AllergenConcept | { noKnown: 'allergy' | 'drug-allergy' };
  reaction?: string;
};

/** A vital sign with its value(s). */
export type VitalMention = MentionBase & Omit<VitalSignMention, 'start' | 'end'> & { kind: 'vital' };

/** Anything extraction finds in a note. */
export type ClinicalMention = ConditionMention | MedicationMention | AllergyMention | VitalMention;
