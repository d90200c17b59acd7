import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import type { DeidNote } from './DeidNote.ts';
import { DeidTagger } from './DeidTagger.ts';
import { DeidModelFormatError, DeidTrainingInputError } from './deidErrors.ts';
import { trainDeidTagger } from './trainDeidTagger.ts';

const SYLLABLES = ['qar', 'vel', 'blen', 'kov', 'trum', 'zel', 'pid', 'mor', 'sna', 'gix', 'lob', 'dut'];
const FILLERS = ['bp stable', 'hr 80s', 'lungs clear', 'urine output good', 'afebrile', 'sats 95%'];

/** Notes where a made-up name sits in a cue no rule knows: "<name> zorped the chart". */
function syntheticNotes(count: number, seed: number): DeidNote[] {
  const random = new SeededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[random.nextInt(list.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const name = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`;
    const before = `${pick(FILLERS)}. ${pick(FILLERS)}. update: `;
    const text = `${before}${name} zorped the chart. ${pick(FILLERS)}.`;
    return {
      patientId: `p${i}`,
      noteId: '1',
      text,
      spans: [{ start: before.length, end: before.length + name.length, type: 'NAME', goldType: 'HCPName' }],
    };
  });
}

describe('trainDeidTagger', () => {
  const train = syntheticNotes(40, 1);
  const tagger = trainDeidTagger(train, { seed: 5, epochs: 4 });

  it('learns a name cue from a small sample and finds unseen names by it', () => {
    const text = 'afebrile. update: Wuxtrandel zorped the chart. bp stable.';
    const spans = tagger.tag(text, []);
    expect(spans.map((s) => `${s.type}:${text.slice(s.start, s.end)}`)).toEqual(['NAME:Wuxtrandel']);
    // without the cue the same unseen word is not a name
    expect(tagger.tag('afebrile. Wuxtrandel output good.', [])).toEqual([]);
  });

  it('is deterministic for a seed and survives a JSON round trip', () => {
    const again = trainDeidTagger(train, { seed: 5, epochs: 4 });
    expect(JSON.stringify(again.toJson())).toBe(JSON.stringify(tagger.toJson()));
    const loaded = DeidTagger.fromJson(JSON.parse(JSON.stringify(tagger.toJson({ seed: 5 }))));
    const text = 'lungs clear. update: Plorbix zorped the chart.';
    expect(loaded.tag(text, [])).toEqual(tagger.tag(text, []));
    expect(loaded.training).toEqual({ seed: 5 });
  });

  it('rejects bad input and bad models', () => {
    expect(() => trainDeidTagger([], { seed: 1 })).toThrow(DeidTrainingInputError);
    expect(() => DeidTagger.fromJson({ format: 'other' })).toThrow(DeidModelFormatError);
  });
});
