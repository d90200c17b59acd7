import { type Token, tokenize } from '../deid/tokenize.ts';
import { findAssertionCues } from '../extract/assertionCues.ts';
import { type Assertion, assertionOf } from '../extract/assertionOf.ts';
import { PhraseMatcher } from '../extract/PhraseMatcher.ts';
import { modifiesProcedure } from '../extract/procedureHeads.ts';
import { INTENSITY_CUES, PHQ9_LEXICON, type Phq9Item, SELF_HARM_ITEM } from './phq9Lexicon.ts';

/** PHQ-9's severity bands, applied to the text score (0–4, 5–9, 10–14, 15–19, 20–27). */
export type ScreenBand = 'minimal' | 'mild' | 'moderate' | 'moderately-severe' | 'severe';

/** A phrase that spoke of a symptom, with its offsets. */
export type ScreenEvidence = { text: string; start: number; end: number; assertion: Assertion; cue?: string };

/** One PHQ-9 item as the text supports it. */
export type ScreenItem = { item: number; name: string; points: number; evidence: ScreenEvidence[] };

/** The screen's result: a prompt for a clinician, never a diagnosis. */
export type MentalHealthScreen = {
  score: number;
  maxScore: 27;
  band: ScreenBand;
  /** True when the text speaks of self-harm or suicide (affirmed or uncertain): review it now. */
  escalate: boolean;
  /** Items the text supports, with the phrases that drove them. */
  items: ScreenItem[];
  /** Symptom phrases that did not count: denied, about a relative, or in the past. */
  setAside: (ScreenEvidence & { item: number })[];
  explanation: string;
  notice: string;
  method: string;
};

/** Said with every screen, whatever it found. */
export const SCREEN_NOTICE =
  'A screening prompt for a clinician, not a diagnosis: it reads words, not the person. Confirm with a validated ' +
  'instrument (PHQ-9) and a clinical conversation; self-harm language needs a same-day review.';

const METHOD =
  'PHQ-9 symptom lexicon with NegEx-style negation; each item scores 1, or 2–3 with a frequency or intensity ' +
  'word nearby (the PHQ-9 answer scale). Weights are not learned: no labelled notes were available.';

const symptoms = new PhraseMatcher<Phq9Item>(
  PHQ9_LEXICON.map((item) => ({ phrases: item.phrases, value: item })),
);
const intensity = new PhraseMatcher<number>(
  INTENSITY_CUES.map((c) => ({ phrases: c.phrases, value: c.points })),
);
/** How many tokens either side of a symptom an intensity word may sit. */
const INTENSITY_WINDOW = 5;

function bandOf(score: number): ScreenBand {
  if (score >= 20) return 'severe';
  if (score >= 15) return 'moderately-severe';
  if (score >= 10) return 'moderate';
  if (score >= 5) return 'mild';
  return 'minimal';
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/**
 * Screens a note or a patient's message for depression symptoms: each PHQ-9 item the text affirms scores 1–3
 * (by nearby frequency and intensity words), denied or relatives' symptoms are set aside with the cue that did
 * it, and any self-harm language escalates, even when only suspected. The output names every phrase that drove
 * the score with its offsets.
 */
export function screenMentalHealth(text: string): MentalHealthScreen {
  const tokens = tokenize(text);
  const found = symptoms.match(tokens).filter((m) => !modifiesProcedure(tokens, m.last));
  const cues = findAssertionCues(tokens);
  const outside = (cue: { start: number; end: number }) => !found.some((m) => overlaps(m, cue));
  const noteCues = { pre: cues.pre.filter(outside), post: cues.post.filter(outside) };
  const boosts = intensity.match(tokens);
  const items = new Map<number, ScreenItem>();
  const setAside: MentalHealthScreen['setAside'] = [];
  let escalate = false;
  for (const match of found) {
    const { assertion, cue } = assertionOf(text, tokens, noteCues, match.first, match.last);
    const evidence: ScreenEvidence = {
      text: text.slice(match.start, match.end),
      start: match.start,
      end: match.end,
      assertion,
      ...(cue ? { cue: cue.text } : {}),
    };
    const selfHarm = match.value.item === SELF_HARM_ITEM;
    if (selfHarm && (assertion === 'affirmed' || assertion === 'uncertain')) escalate = true;
    if (assertion !== 'affirmed' && !(selfHarm && assertion === 'uncertain')) {
      setAside.push({ ...evidence, item: match.value.item });
      continue;
    }
    const sentence = (tokens[match.first] as Token).sentence;
    const points = Math.max(
      1,
      ...boosts
        .filter(
          (b) =>
            (tokens[b.first] as Token).sentence === sentence &&
            b.first <= match.last + INTENSITY_WINDOW &&
            b.last >= match.first - INTENSITY_WINDOW,
        )
        .map((b) => b.value),
    );
    const item = items.get(match.value.item) ?? {
      item: match.value.item,
      name: match.value.name,
      points: 0,
      evidence: [],
    };
    item.points = Math.max(item.points, points);
    item.evidence.push(evidence);
    items.set(match.value.item, item);
  }
  const ordered = [...items.values()].sort((a, b) => a.item - b.item);
  const score = ordered.reduce((sum, item) => sum + item.points, 0);
  const band = bandOf(score);
  const named = ordered.map((i) => `${i.name} (${i.points}: "${i.evidence[0]?.text}")`);
  const explanation = [
    escalate ? 'Self-harm or suicide language is present: review today.' : undefined,
    ordered.length > 0
      ? `Text score ${score}/27 (${band}) from ${ordered.length} PHQ-9 item(s): ${named.join('; ')}.`
      : 'No PHQ-9 symptom is affirmed in the text.',
    setAside.length > 0
      ? `${setAside.length} symptom phrase(s) set aside (denied, a relative's, or past).`
      : undefined,
  ].filter((line) => line !== undefined);
  return {
    score,
    maxScore: 27,
    band,
    escalate,
    items: ordered,
    setAside,
    explanation: explanation.join(' '),
    notice: SCREEN_NOTICE,
    method: METHOD,
  };
}
