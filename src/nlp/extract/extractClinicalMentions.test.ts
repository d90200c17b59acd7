import { describe, expect, it } from 'vitest';
import type { ClinicalMention } from './ClinicalMention.ts';
import { extractClinicalMentions } from './extractClinicalMentions.ts';
import { loadSyntheaNoteSample } from './loadSyntheaNoteSample.ts';

const conditions = (text: string) =>
  Object.fromEntries(
    extractClinicalMentions(text)
      .filter((m) => m.kind === 'condition')
      .map((m) => [m.text.toLowerCase(), m.assertion]),
  );

describe('extractClinicalMentions: negation and uncertainty', () => {
  it('negates within the cue scope, across a list, and stops at "but"', () => {
    expect(conditions('No chest pain.')).toEqual({ 'chest pain': 'negated' });
    expect(conditions('Patient denies fever, chills, nausea or cough.')).toEqual({
      fever: 'negated',
      chills: 'negated',
      nausea: 'negated',
      cough: 'negated',
    });
    expect(conditions('No fever but has a productive cough')).toEqual({
      fever: 'negated',
      cough: 'affirmed',
    });
    expect(conditions('Pneumonia was ruled out. Headache persists.')).toEqual({
      pneumonia: 'negated',
      headache: 'affirmed',
    });
  });

  it('ends the scope at the sentence and after the word window', () => {
    expect(conditions('No fever. Cough since Monday.')).toEqual({ fever: 'negated', cough: 'affirmed' });
    expect(
      conditions('No acute distress noted on arrival today after the long drive, reports headache'),
    ).toEqual({ headache: 'affirmed' });
  });

  it('marks uncertainty, history and relatives, and ignores pseudo-negations', () => {
    expect(conditions('r/o pneumonia')).toEqual({ pneumonia: 'uncertain' });
    expect(conditions('Possible sepsis.')).toEqual({ sepsis: 'uncertain' });
    expect(conditions('History of asthma.')).toEqual({ asthma: 'historical' });
    expect(conditions('Mother had a stroke.')).toEqual({ stroke: 'family' });
    expect(conditions('# Family History\nDiabetes, hypertension')).toEqual({
      diabetes: 'family',
      hypertension: 'family',
    });
    expect(conditions('No change in his dyspnea.')).toEqual({ dyspnea: 'affirmed' });
  });

  it('reads a cue inside a concept name as part of the name', () => {
    expect(conditions('Patient is not in labor force (finding), stress (finding).')).toMatchObject({
      stress: 'affirmed',
    });
  });
});

describe('extractClinicalMentions: medications, allergies, vitals', () => {
  const note = [
    'Meds: metoprolol 25 mg PO BID; aspirin 81 mg daily. Stopped warfarin. Not taking lisinopril.',
    'Allergies: allergic to penicillin (hives). Not allergic to latex.',
    'Vitals: BP 142/88, HR 72',
  ].join('\n');
  const mentions = extractClinicalMentions(note);
  const byText = (text: string) => mentions.find((m) => m.text === text) as ClinicalMention;

  it('reads each medication with its own instructions and status cues', () => {
    const metoprolol = byText('metoprolol');
    expect(metoprolol).toMatchObject({ kind: 'medication', assertion: 'affirmed' });
    if (metoprolol.kind !== 'medication') throw new Error('not a medication');
    expect(metoprolol.concept.rxnorm).toBe('6918');
    expect(metoprolol.sig).toMatchObject({ dose: { value: 25, unit: 'mg' }, frequency: { code: 'BID' } });
    const aspirin = byText('aspirin');
    if (aspirin.kind !== 'medication') throw new Error('not a medication');
    expect(aspirin.sig.dose?.value).toBe(81);
    expect(aspirin.sig.route).toBeUndefined();
    expect(byText('warfarin')).toMatchObject({ stopped: true });
    expect(byText('lisinopril')).toMatchObject({ assertion: 'negated', cue: { text: 'Not taking' } });
  });

  it('reads substances in allergy statements as allergens, with the reaction', () => {
    expect(byText('penicillin')).toMatchObject({
      kind: 'allergy',
      assertion: 'affirmed',
      allergen: { code: '70618' },
      reaction: 'hives',
    });
    expect(byText('latex')).toMatchObject({ kind: 'allergy', assertion: 'negated' });
    expect(mentions.some((m) => m.kind === 'medication' && m.text === 'penicillin')).toBe(false);
  });

  it('reads NKDA and no-known-allergies statements', () => {
    const [nkda] = extractClinicalMentions('Allergies: NKDA');
    expect(nkda).toMatchObject({ kind: 'allergy', allergen: { noKnown: 'drug-allergy' } });
    const [none] = extractClinicalMentions('# Allergies\nNo Known Allergies.');
    expect(none).toMatchObject({
      kind: 'allergy',
      allergen: { noKnown: 'allergy' },
      text: 'No Known Allergies',
    });
  });

  it('gives offsets that point at the mention in the note', () => {
    for (const m of mentions) expect(note.slice(m.start, m.end)).toBe(m.text);
    expect(byText('BP 142/88')).toMatchObject({ kind: 'vital', vital: 'blood-pressure' });
  });
});

describe('extractClinicalMentions on the Synthea sample', () => {
  const sample = loadSyntheaNoteSample();

  it('finds conditions, medications and allergy statements in real notes, at the right offsets', () => {
    const counts = { condition: 0, medication: 0, allergy: 0, vital: 0 };
    for (const note of sample.notes.slice(0, 60)) {
      for (const m of extractClinicalMentions(note.text)) {
        counts[m.kind]++;
        expect(note.text.slice(m.start, m.end)).toBe(m.text);
      }
    }
    expect(counts.condition).toBeGreaterThan(100);
    expect(counts.medication).toBeGreaterThan(50);
    expect(counts.allergy).toBeGreaterThanOrEqual(60);
  });

  it("finds the encounter's own diagnosis in a note", () => {
    const note = sample.notes.find((n) => /Patient is presenting with viral sinusitis/.test(n.text));
    expect(note).toBeDefined();
    const found = extractClinicalMentions(note?.text ?? '').find((m) => m.text === 'viral sinusitis');
    expect(found).toMatchObject({
      kind: 'condition',
      assertion: 'affirmed',
      concept: { snomed: '444814009' },
    });
  });
});
