import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

describe('tokenize', () => {
  it('keeps offsets into the source and joins dates, hyphenated names and decimals', () => {
    const text = "Seen by Dr. O'Brien-Lee on 8/20/02 at 10:26AM, K 3.8;\nplan: d/c w/dr reid";
    const tokens = tokenize(text);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    const words = tokens.map((t) => t.text);
    expect(words).toContain("O'Brien-Lee");
    expect(words).toContain('8/20/02');
    expect(words).toContain('10:26AM');
    expect(words).toContain('3.8');
    // "/" joins digits only: "w/dr" is three tokens, so "dr" is seen as the title it is
    expect(words.slice(-4)).toEqual(['w', '/', 'dr', 'reid']);
  });

  it('tracks lines and sentences, but not after a title abbreviation', () => {
    const tokens = tokenize('Dr. Reid aware. BP stable\nNeuro intact');
    const reid = tokens.find((t) => t.text === 'Reid');
    const bp = tokens.find((t) => t.text === 'BP');
    const neuro = tokens.find((t) => t.text === 'Neuro');
    expect(reid?.sentence).toBe(0);
    expect(bp?.sentence).toBe(1);
    expect(neuro?.sentence).toBe(2);
    expect(neuro?.line).toBe(1);
    expect(neuro?.lineStart).toBe(true);
    expect(tokens.find((t) => t.text === 'stable')?.lineEnd).toBe(true);
  });
});
