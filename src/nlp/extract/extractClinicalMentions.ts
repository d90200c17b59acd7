import { type Token, tokenize } from '../deid/tokenize.ts';
import { findAssertionCues, type NoteCues } from './assertionCues.ts';
import { type AssertionResult, assertionOf } from './assertionOf.ts';
import type { AllergenConcept, ClinicalDictionaries, MedicationConcept } from './ClinicalDictionaries.ts';
import { defaultClinicalDictionaries } from './ClinicalDictionaries.ts';
import type {
  AllergyMention,
  ClinicalMention,
  ConditionMention,
  MedicationMention,
} from './ClinicalMention.ts';
import { findVitalSigns } from './findVitalSigns.ts';
import { type NoteSection, noteSections, sectionAt } from './noteSections.ts';
import type { PhraseMatch } from './PhraseMatcher.ts';
import { parseMedicationSig } from './parseMedicationSig.ts';
import { modifiesProcedure } from './procedureHeads.ts';

/** How far after a medication name its instructions are looked for (within the sentence). */
const SIG_WINDOW_CHARS = 80;
const NO_KNOWN_ALLERGY =
  /\b(?:NKDA|NKA|no known (drug |medication )?allerg(?:y|ies)|(?:denies|no) (?:any )?(drug |medication )?allergies)\b/gi;
const STOPPED = /\b(?:stopped|discontinued|d\/c'?d|held|holding|stop)\b/i;

const sameSentence = (tokens: readonly Token[], a: { first: number } | undefined, b: { first: number }) =>
  a !== undefined && tokens[a.first]?.sentence === tokens[b.first]?.sentence;

type Note = {
  text: string;
  tokens: Token[];
  cues: NoteCues;
  sections: NoteSection[];
  dictionaries: ClinicalDictionaries;
};

function explainAssertion(result: AssertionResult): string {
  if (!result.cue) return 'asserted (no negation, uncertainty, history or family cue in its sentence)';
  return `${result.assertion} by the cue "${result.cue.text}"`;
}

function base(note: Note, match: { start: number; end: number; first: number; last: number }) {
  const result = assertionOf(note.text, note.tokens, note.cues, match.first, match.last);
  const section = sectionAt(note.sections, match.start)?.kind;
  // Everything in a family-history section is about relatives unless the note denies it.
  const assertion =
    section === 'family-history' && result.assertion !== 'negated' ? 'family' : result.assertion;
  return {
    start: match.start,
    end: match.end,
    text: note.text.slice(match.start, match.end),
    assertion,
    ...(result.cue ? { cue: result.cue } : {}),
    ...(section ? { section } : {}),
    assertionNote:
      assertion === result.assertion ? explainAssertion(result) : 'family (in a family-history section)',
  };
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

function allergenOfMedication(concept: MedicationConcept): AllergenConcept {
  return {
    display: concept.name,
    ...(concept.rxnorm ? { system: 'rxnorm' as const, code: concept.rxnorm } : {}),
    category: 'medication',
    terms: concept.terms,
    source: concept.source,
  };
}

function allergiesIn(note: Note, first: number, last: number): AllergyMention[] {
  const allergens = note.dictionaries.allergens.match(note.tokens, first, last + 1);
  const drugs = note.dictionaries.medications
    .match(note.tokens, first, last + 1)
    .filter((drug) => !allergens.some((a) => overlaps(a, drug)))
    .map((drug) => ({ ...drug, value: allergenOfMedication(drug.value) }));
  const reactions = note.dictionaries.conditions.match(note.tokens, first, last + 1);
  return [...allergens, ...drugs]
    .sort((a, b) => a.start - b.start)
    .map((match) => {
      const { assertionNote, ...common } = base(note, match);
      const reaction = reactions.find((r) => r.first > match.last && r.first - match.last <= 4);
      return {
        kind: 'allergy' as const,
        ...common,
        allergen: match.value,
        ...(reaction ? { reaction: note.text.slice(reaction.start, reaction.end) } : {}),
        explanation: `"${common.text}" is an allergen (${match.value.display}) in an allergy statement; ${assertionNote}`,
      };
    });
}

function medicationsIn(
  note: Note,
  drugs: PhraseMatch<MedicationConcept>[],
  sentenceEnd: number,
): MedicationMention[] {
  return drugs.map((drug, i) => {
    const { assertionNote, ...common } = base(note, drug);
    const next = drugs[i + 1]?.start ?? sentenceEnd;
    const sigText = note.text.slice(drug.end, Math.min(next, sentenceEnd, drug.end + SIG_WINDOW_CHARS));
    const sig = parseMedicationSig(sigText);
    const around = note.text.slice(Math.max(0, drug.start - 30), Math.min(next, sentenceEnd));
    const stopped = STOPPED.test(around);
    const read = [
      sig.dose ? `dose ${sig.dose.value} ${sig.dose.unit}` : undefined,
      sig.route ? `route ${sig.route.display.toLowerCase()}` : undefined,
      sig.frequency?.code ? `frequency ${sig.frequency.code}` : sig.frequency ? 'a frequency' : undefined,
      sig.asNeeded ? 'as needed' : undefined,
    ].filter((part) => part !== undefined);
    return {
      kind: 'medication' as const,
      ...common,
      concept: drug.value,
      sig,
      ...(stopped ? { stopped } : {}),
      explanation:
        `"${common.text}" is ${drug.value.name} in the medication dictionary` +
        `${read.length > 0 ? `; read ${read.join(', ')}` : ''}${stopped ? '; marked stopped' : ''}; ${assertionNote}`,
    };
  });
}

/**
 * Finds the conditions, medications (with dose, route, frequency), allergies and vital signs a clinical note
 * mentions, each with its offsets, its assertion (negated, uncertain, historical, family, or affirmed) and a
 * one-line explanation. Dictionaries match longest phrases over tokens; in an allergy section or a sentence that
 * speaks of allergy, substances are read as allergens and nearby conditions as their reactions.
 */
export function extractClinicalMentions(
  text: string,
  dictionaries: ClinicalDictionaries = defaultClinicalDictionaries(),
): ClinicalMention[] {
  const tokens = tokenize(text);
  // A bracketed brand after a drug ("epoetin alfa 4000 unt/ml injection [epogen]") names the same product again.
  const drugs = dictionaries.medications
    .match(tokens)
    .filter((drug, i, all) => !(text[drug.start - 1] === '[' && sameSentence(tokens, all[i - 1], drug)));
  const conditions = dictionaries.conditions
    .match(tokens)
    .filter((condition) => !drugs.some((drug) => overlaps(drug, condition)))
    .filter((condition) => !modifiesProcedure(tokens, condition.last));
  // A cue inside a concept's own name ("not in labor force", "suspected COVID-19") is part of the name.
  const concepts = [...drugs, ...conditions];
  const outside = (cue: { start: number; end: number }) => !concepts.some((c) => overlaps(c, cue));
  const cues = findAssertionCues(tokens);
  const note: Note = {
    text,
    tokens,
    cues: { pre: cues.pre.filter(outside), post: cues.post.filter(outside) },
    sections: noteSections(text),
    dictionaries,
  };
  const mentions: ClinicalMention[] = [];
  for (let first = 0; first < tokens.length; ) {
    const sentence = (tokens[first] as Token).sentence;
    let last = first;
    while (last + 1 < tokens.length && (tokens[last + 1] as Token).sentence === sentence) last++;
    const sentenceEnd = (tokens[last] as Token).end;
    const inSentence = <T extends { first: number }>(match: T) => match.first >= first && match.first <= last;
    const allergyContext =
      sectionAt(note.sections, (tokens[first] as Token).start)?.kind === 'allergies' ||
      tokens.slice(first, last + 1).some((t) => /^(?:allerg|nkda$|nka$)/i.test(t.text));
    if (allergyContext) mentions.push(...allergiesIn(note, first, last));
    else {
      mentions.push(...medicationsIn(note, drugs.filter(inSentence), sentenceEnd));
      for (const match of conditions.filter(inSentence)) {
        const { assertionNote, ...common } = base(note, match);
        const codes = [
          `SNOMED CT ${match.value.snomed}`,
          match.value.icd10 && `ICD-10-CM ${match.value.icd10}`,
        ];
        mentions.push({
          kind: 'condition',
          ...common,
          concept: match.value,
          explanation: `"${common.text}" is ${match.value.display} (${codes.filter(Boolean).join(', ')}); ${assertionNote}`,
        } satisfies ConditionMention);
      }
    }
    first = last + 1;
  }
  for (const match of text.matchAll(NO_KNOWN_ALLERGY)) {
    const drug = match[1] !== undefined || match[2] !== undefined || /nkda/i.test(match[0]);
    mentions.push({
      kind: 'allergy',
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
      assertion: 'affirmed',
      allergen: { noKnown: drug ? 'drug-allergy' : 'allergy' },
      explanation: `"${match[0]}" states no known ${drug ? 'drug ' : ''}allergy`,
    });
  }
  for (const vital of findVitalSigns(text)) {
    const section = sectionAt(note.sections, vital.start)?.kind;
    mentions.push({
      kind: 'vital',
      ...vital,
      text: text.slice(vital.start, vital.end),
      assertion: 'affirmed',
      ...(section ? { section } : {}),
      explanation: `"${text.slice(vital.start, vital.end)}" reads as ${vital.vital} ${vital.values.map((v) => `${v.value} ${v.unit}`).join(' / ')}`,
    });
  }
  return mentions.sort((a, b) => a.start - b.start);
}
