import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { FIRST_NAMES } from './lexicons/firstNames.ts';
import { SURNAMES } from './lexicons/surnames.ts';

/** Made-up places for surrogates (not taken from any note). */
const PLACES = [
  'Riverside',
  'Oakdale',
  'Millbrook',
  'Fairview',
  'Cedar Hill',
  'Brookfield',
  'Lakeside',
  'Maple Grove',
  'Hillcrest',
  'Pinecrest',
  'Stonebridge',
  'Westfield',
  'Northgate',
  'Springdale',
  'Elmwood',
  'Ashford',
  'Greenville',
  'Bayside',
];

const shuffled = (values: readonly string[], random: SeededRandom) => {
  const list = [...values].sort();
  for (let i = list.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [list[i], list[j]] = [list[j] as string, list[i] as string];
  }
  return list;
};

/**
 * Consistent surrogates for one patient (or one note): the same original word always gets the same surrogate,
 * different words get different ones while the lists last, in an order fixed by the seed. Keep one book per
 * patient so "Nicholson" reads the same across their notes.
 */
export class SurrogateBook {
  private readonly assigned = new Map<string, string>();
  private readonly pools: Record<'first' | 'last' | 'place' | 'initial', string[]>;
  private readonly used: Record<'first' | 'last' | 'place' | 'initial', number> = {
    first: 0,
    last: 0,
    place: 0,
    initial: 0,
  };
  private readonly random: SeededRandom;

  constructor(seed: number) {
    const random = new SeededRandom(seed);
    this.random = random;
    this.pools = {
      first: shuffled([...FIRST_NAMES], random),
      last: shuffled(
        [...SURNAMES].filter((s) => !s.includes("'")),
        random,
      ),
      place: shuffled(PLACES, random),
      initial: shuffled([...'ABCDEFGHJKLMNPRSTW'], random),
    };
  }

  /** The surrogate of one name word: an initial for an initial, a given name for a given name, else a surname. */
  name(word: string): string {
    const key = word.toLowerCase();
    const pool = /^\p{L}\.?$/u.test(word) ? 'initial' : FIRST_NAMES.has(key) ? 'first' : 'last';
    return matchCase(word, this.pick(`name:${key}`, pool, key.replace('.', '')));
  }

  /** The surrogate of a place (the whole phrase maps to one made-up place). */
  place(phrase: string): string {
    return matchCase(phrase, this.pick(`place:${phrase.toLowerCase()}`, 'place', phrase.toLowerCase()));
  }

  /** The surrogate of a number (phone, record number): every digit and letter replaced, punctuation kept. */
  code(text: string): string {
    const key = `code:${text}`;
    const known = this.assigned.get(key);
    if (known) return known;
    let value: string;
    do {
      value = text
        .replace(/\d/g, () => String(this.random.nextInt(10)))
        .replace(/\p{L}/gu, (c) => {
          const letter = String.fromCharCode(65 + this.random.nextInt(26));
          return c === c.toLowerCase() ? letter.toLowerCase() : letter;
        });
    } while (value === text && /[\p{L}\d]/u.test(text));
    this.assigned.set(key, value);
    return value;
  }

  private pick(key: string, pool: 'first' | 'last' | 'place' | 'initial', original: string): string {
    const known = this.assigned.get(key);
    if (known) return known;
    const list = this.pools[pool];
    let value: string;
    do {
      const index = this.used[pool]++;
      const base = list[index % list.length] as string;
      value = index < list.length ? base : `${base}${Math.floor(index / list.length) + 1}`;
    } while (value.toLowerCase() === original);
    this.assigned.set(key, value);
    return value;
  }
}

/** Writes a surrogate in the original's case: "NICHOLSON" → "WARD", "nicholson" → "ward", else title case. */
function matchCase(original: string, value: string): string {
  const letters = original.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase()) return value.toUpperCase();
  if (letters === letters.toLowerCase()) return value.toLowerCase();
  return value
    .split(' ')
    .map((w) => (w[0]?.toUpperCase() ?? '') + w.slice(1))
    .join(' ');
}
