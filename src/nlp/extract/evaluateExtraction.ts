import type { ClinicalDictionaries } from './ClinicalDictionaries.ts';
import type { ClinicalMention, MedicationMention } from './ClinicalMention.ts';
import { extractClinicalMentions } from './extractClinicalMentions.ts';
import type { SampleNote, StructuredFact, SyntheaNoteSample } from './loadSyntheaNoteSample.ts';

/** Precision and recall of one resource type, with the counts behind them (micro-averaged over notes). */
export type TypeScore = {
  precision: number;
  recall: number;
  /** Extracted items that match the patient's structured record as of the note's date. */
  correct: number;
  extracted: number;
  /** Silver items (the encounter's own) that some extracted item matches. */
  found: number;
  silver: number;
};

/** The figures of one side of the patient split. */
export type ExtractionScores = {
  notes: number;
  patients: number;
  condition: TypeScore;
  medication: TypeScore;
  allergy: TypeScore;
  /**
   * Notes stating "no known allergies", and how many of those patients indeed have none recorded by then (allergy
   * recall is counted only over the other notes).
   */
  noKnownAllergy: { notesStating: number; agreeing: number };
  /** Of medication mentions matched to a structured order showing a strength, how often dose and route agree. */
  sig: { withStrength: number; doseAgrees: number; withRoute: number; routeAgrees: number };
};

const DAY_MS = 86_400_000;
const ASSERTED = new Set(['affirmed', 'historical']);

const words = (text: string) => ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
const stripTag = (display: string) => display.replace(/\s*\((?:disorder|finding|situation)\)$/i, '');

type Keyed = { key: string; matches: (fact: StructuredFact) => boolean };

function conceptsOf(mentions: readonly ClinicalMention[]): {
  condition: Keyed[];
  medication: Keyed[];
  allergy: Keyed[];
} {
  const condition = new Map<string, Keyed>();
  const medication = new Map<string, Keyed>();
  const allergy = new Map<string, Keyed>();
  for (const m of mentions) {
    if (!ASSERTED.has(m.assertion)) continue;
    if (m.kind === 'condition') {
      const terms = new Set(m.concept.terms.map((t) => words(t)));
      condition.set(m.concept.snomed, {
        key: m.concept.snomed,
        matches: (f) => f.code === m.concept.snomed || terms.has(words(stripTag(f.display))),
      });
    } else if (m.kind === 'medication') {
      const terms = m.concept.terms.map((t) => words(t));
      medication.set(m.concept.name, {
        key: m.concept.name,
        matches: (f) => terms.some((t) => words(f.display).includes(t)),
      });
    } else if (m.kind === 'allergy' && !('noKnown' in m.allergen)) {
      const { allergen } = m;
      const terms = allergen.terms.map((t) => words(t));
      allergy.set(allergen.display, {
        key: allergen.display,
        matches: (f) => f.code === allergen.code || terms.some((t) => words(f.display).includes(t)),
      });
    }
  }
  return {
    condition: [...condition.values()],
    medication: [...medication.values()],
    allergy: [...allergy.values()],
  };
}

const emptyScore = (): TypeScore => ({
  precision: 0,
  recall: 0,
  correct: 0,
  extracted: 0,
  found: 0,
  silver: 0,
});

function score(
  total: TypeScore,
  extracted: Keyed[],
  record: StructuredFact[],
  silver: StructuredFact[],
): void {
  total.extracted += extracted.length;
  total.correct += extracted.filter((e) => record.some((f) => e.matches(f))).length;
  total.silver += silver.length;
  total.found += silver.filter((f) => extracted.some((e) => e.matches(f))).length;
}

function uniqueByCode(facts: StructuredFact[]): StructuredFact[] {
  return [...new Map(facts.map((f) => [f.code, f])).values()];
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Dose and route of one medication mention against the patient's orders of the same drug. */
function scoreSig(sig: ExtractionScores['sig'], m: MedicationMention, orders: StructuredFact[]): void {
  const terms = m.concept.terms.map((t) => words(t));
  const own = orders.filter((f) => terms.some((t) => words(f.display).includes(t)));
  // The strength that follows the drug's own name in an order ("lisinopril 10 MG Oral Tablet").
  const strength = new RegExp(`${escaped(m.text)}[^/]*?\\s(\\d+(?:\\.\\d+)?) (MG|UNT|ML)\\b`, 'i');
  const strengths = own.flatMap((f) => {
    const match = strength.exec(f.display);
    return match ? [{ value: Number(match[1]), unit: (match[2] as string).toLowerCase() }] : [];
  });
  if (strengths.length > 0) {
    sig.withStrength++;
    const dose = m.sig.dose;
    if (dose && strengths.some((s) => s.value === dose.value && dose.unit.startsWith(s.unit)))
      sig.doseAgrees++;
  }
  if (own.length > 0 && own.every((f) => /\boral\b/i.test(f.display))) {
    sig.withRoute++;
    if (m.sig.route?.code === '26643006') sig.routeAgrees++;
  }
}

/**
 * Scores extraction against the structured records of the same synthetic patients (a silver standard: Synthea
 * writes each note from the record, so the record says what the note mentions). Recall: of the encounter's own
 * Conditions and MedicationRequests (and the patient's allergies), how many the note's extraction found.
 * Precision: of the distinct concepts extracted (affirmed or historical), how many are in the patient's record
 * as of the note's date (a note lists the whole history and current medications, not only the encounter's).
 */
export function evaluateExtraction(
  sample: SyntheaNoteSample,
  notes: readonly SampleNote[],
  dictionaries?: ClinicalDictionaries,
): ExtractionScores {
  const result: ExtractionScores = {
    notes: notes.length,
    patients: new Set(notes.map((n) => n.patient)).size,
    condition: emptyScore(),
    medication: emptyScore(),
    allergy: emptyScore(),
    noKnownAllergy: { notesStating: 0, agreeing: 0 },
    sig: { withStrength: 0, doseAgrees: 0, withRoute: 0, routeAgrees: 0 },
  };
  for (const note of notes) {
    const mentions = extractClinicalMentions(note.text, dictionaries);
    const asOf = Date.parse(note.date) + DAY_MS;
    const record = (facts: StructuredFact[]) =>
      facts.filter((f) => f.patient === note.patient && Date.parse(f.date) <= asOf);
    const conditions = record(sample.conditions);
    const medications = record(sample.medications);
    const allergies = record(sample.allergies);
    const concepts = conceptsOf(mentions);
    score(
      result.condition,
      concepts.condition,
      conditions,
      uniqueByCode(conditions.filter((f) => f.encounter === note.encounter)),
    );
    score(
      result.medication,
      concepts.medication,
      medications,
      uniqueByCode(medications.filter((f) => f.encounter === note.encounter)),
    );
    const statesNone = mentions.some((m) => m.kind === 'allergy' && 'noKnown' in m.allergen);
    // Synthea writes "No Known Allergies" in some notes of patients with recorded allergies: such a note is
    // counted under noKnownAllergy (as a disagreement), not as missed allergies.
    score(result.allergy, concepts.allergy, allergies, statesNone ? [] : uniqueByCode(allergies));
    if (statesNone) {
      result.noKnownAllergy.notesStating++;
      if (allergies.length === 0) result.noKnownAllergy.agreeing++;
    }
    for (const m of mentions) if (m.kind === 'medication') scoreSig(result.sig, m, medications);
  }
  for (const type of [result.condition, result.medication, result.allergy]) {
    type.precision = type.extracted === 0 ? 0 : type.correct / type.extracted;
    type.recall = type.silver === 0 ? 0 : type.found / type.silver;
  }
  return result;
}
