import { describe, expect, it } from 'vitest';
import type { DeidLexicon } from './DeidLexicon.ts';
import { findContextPhi } from './findContextPhi.ts';
import { tokenize } from './tokenize.ts';

// Ordinary words of the ward (seen in many training patients' notes); "kernan" was a training place.
const lexicon: DeidLexicon = {
  names: new Map([['healey', 2]]),
  places: new Map([['kernan', 1]]),
  words: new Map(
    [
      'aware',
      'called',
      'to',
      'the',
      'and',
      'pt',
      'was',
      'in',
      'at',
      'hospital',
      'arrived',
      'seen',
      'by',
      'from',
    ].map((w) => [w, 10]),
  ),
};

const found = (text: string) =>
  findContextPhi(tokenize(text), lexicon).map((s) => `${s.type}:${text.slice(s.start, s.end)}`);

describe('findContextPhi', () => {
  it('takes name-like words after titles, before credentials and after family roles', () => {
    expect(found('Dr. L. Ruuska aware')).toEqual(['NAME:L. Ruuska']);
    expect(found('Dr Griffin and Swackhamer aware')).toEqual(['NAME:Griffin', 'NAME:Swackhamer']);
    expect(found('seen by J. Yi, MD')).toEqual(['NAME:J. Yi']);
    expect(found('DAUGHTER-KRISSY called')).toEqual(['NAME:KRISSY']);
    expect(found('Dr aware')).toEqual([]);
  });

  it('finds places after "lives in", known training places, and names before facility words', () => {
    expect(found('lives in Glenwood')).toEqual(['LOCATION:Glenwood']);
    expect(found('arrived from kernan')).toEqual(['LOCATION:kernan']);
    expect(found('transferred to Keeley House')).toEqual(['LOCATION:Keeley House']);
    expect(found('pt was in the Keeley House')).toEqual(['LOCATION:Keeley']);
    expect(found('pt was in the hospital')).toEqual([]);
  });

  it('leaves the note’s own patient out of the lexicon during training', () => {
    const tokens = tokenize('pt was at kernan');
    expect(findContextPhi(tokens, lexicon)).toHaveLength(1);
    const own = { names: new Set<string>(), places: new Set(['kernan']), words: new Set<string>() };
    expect(findContextPhi(tokens, lexicon, own)).toEqual([]);
  });
});
