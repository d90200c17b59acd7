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
      'foley',
      'hill',
      'mark',
      'city',
      'west',
      'art',
      'family',
      'keep',
      'small',
      'today',
      'eval',
      'into',
      'job',
      'new',
      'campus',
      'on',
      'bedside',
      'w',
      'ex-wife',
      'ed',
      'sent',
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

  it('takes a surname after Dr./Mr. even when it is also an ordinary word, but not a function word', () => {
    expect(found('Orders signed by Dr. Mark Hill. Will wean')).toEqual(['NAME:Mark Hill']);
    expect(found('spoke w/ Dr. Foley. Remains full code')).toEqual(['NAME:Foley']);
    expect(found('w/dr sokol, dr small today')).toEqual(['NAME:sokol', 'NAME:small']);
    expect(found('Dr. aware, Dr on rounds')).toEqual([]);
    // in a mixed-case note a lower-case ordinary word after "Dr" is not taken
    expect(found('Pt seen. Dr. Hill aware; dr art line placed')).toEqual(['NAME:Hill']);
  });

  it('finds names before credentials, "family", "called" and after a caseworker', () => {
    expect(found('vented. orla brandt np into eval')).toEqual(['NAME:orla brandt']);
    expect(found('weaned.\nEd Foley CRT\n')).toEqual(['NAME:Ed Foley']);
    expect(found('KEEP QUINTERO FAMILY AWARE')).toEqual(['NAME:QUINTERO']);
    expect(found('MET W/ CASEWORKER OLGA PRZYBYL.')).toEqual(['NAME:OLGA PRZYBYL']);
    expect(found('BP NOTED. MARTA KOWALCZYK CALLED TO BEDSIDE')).toEqual(['NAME:MARTA KOWALCZYK']);
    expect(found('Pt ex-wife called')).toEqual([]);
  });

  it('finds abbreviated hospitals, numbered units and multi-word places', () => {
    expect(found('PT SENT TO ED AT XH. PT WAS SLEEPY')).toEqual(['LOCATION:XH']);
    expect(found('ADMITTED TO ZANDERHALL7 W/ CHF')).toEqual(['LOCATION:ZANDERHALL7']);
    expect(found('Pt has a new job in Ellicott City and visits')).toEqual(['LOCATION:Ellicott City']);
    expect(found('radiation planning on West Campus today')).toEqual(['LOCATION:West']);
    expect(found('Pt d/c to Greenhaven today')).toEqual(['LOCATION:Greenhaven']);
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
