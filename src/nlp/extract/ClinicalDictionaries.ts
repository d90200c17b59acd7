import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ClinicalDictionaryFormatError } from './extractErrors.ts';
import { PhraseMatcher } from './PhraseMatcher.ts';

/** Where the shipped dictionaries live (see data/nlp/PROVENANCE.md for how each was curated). */
export const DEFAULT_DICTIONARY_DIR = resolve(import.meta.dirname, '../../../data/nlp/dictionaries');

const conditionSchema = z.object({
  display: z.string(),
  snomed: z.string(),
  icd10: z.string().optional(),
  terms: z.array(z.string()).min(1),
  source: z.string(),
});
const medicationSchema = z.object({
  name: z.string(),
  rxnorm: z.string().optional(),
  terms: z.array(z.string()).min(1),
  source: z.string(),
});
const allergenSchema = z.object({
  display: z.string(),
  system: z.enum(['rxnorm', 'snomed']).optional(),
  code: z.string().optional(),
  category: z.enum(['medication', 'food', 'environment', 'biologic']),
  terms: z.array(z.string()).min(1),
  source: z.string(),
});

/** A condition the dictionary knows: SNOMED CT always, ICD-10-CM where the curator mapped it. */
export type ConditionConcept = z.infer<typeof conditionSchema>;
/** A medication ingredient (RxNorm ingredient code where known) with its brand names and abbreviations. */
export type MedicationConcept = z.infer<typeof medicationSchema>;
/** A substance people are allergic to, coded in RxNorm (drugs) or SNOMED CT (foods, environment) where known. */
export type AllergenConcept = z.infer<typeof allergenSchema>;

/** The three dictionaries, each compiled into a phrase matcher. */
export type ClinicalDictionaries = {
  conditions: PhraseMatcher<ConditionConcept>;
  medications: PhraseMatcher<MedicationConcept>;
  allergens: PhraseMatcher<AllergenConcept>;
};

function readEntries<T>(dir: string, file: string, schema: z.ZodType<T>): T[] {
  const path = join(dir, file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ClinicalDictionaryFormatError(`Cannot read the dictionary ${file}`, { cause });
  }
  const parsed = z.object({ entries: z.array(schema) }).safeParse(json);
  if (!parsed.success)
    throw new ClinicalDictionaryFormatError(`The dictionary ${file} is not in the expected shape`, {
      details: parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  return parsed.data.entries;
}

/** The dictionaries' entries, before compiling. */
export type ClinicalDictionaryEntries = {
  conditions: ConditionConcept[];
  medications: MedicationConcept[];
  allergens: AllergenConcept[];
};

/** Reads the entries of the dictionaries in `dir`. */
export function readClinicalDictionaryEntries(
  dir: string = DEFAULT_DICTIONARY_DIR,
): ClinicalDictionaryEntries {
  return {
    conditions: readEntries(dir, 'conditions.json', conditionSchema),
    medications: readEntries(dir, 'medications.json', medicationSchema),
    allergens: readEntries(dir, 'allergens.json', allergenSchema),
  };
}

/** Compiles entries into phrase matchers (the evaluation uses it to leave entries out). */
export function compileClinicalDictionaries(entries: ClinicalDictionaryEntries): ClinicalDictionaries {
  const phrased = <T extends { terms: string[] }>(list: T[]) =>
    list.map((value) => ({ phrases: value.terms, value }));
  return {
    conditions: new PhraseMatcher(phrased(entries.conditions)),
    medications: new PhraseMatcher(phrased(entries.medications)),
    allergens: new PhraseMatcher(phrased(entries.allergens)),
  };
}

/** Reads and compiles the dictionaries of `dir`. */
export function loadClinicalDictionaries(dir: string = DEFAULT_DICTIONARY_DIR): ClinicalDictionaries {
  return compileClinicalDictionaries(readClinicalDictionaryEntries(dir));
}

let shipped: ClinicalDictionaries | undefined;

/** The shipped dictionaries, compiled once per process. */
export function defaultClinicalDictionaries(): ClinicalDictionaries {
  shipped ??= loadClinicalDictionaries();
  return shipped;
}
