import type { Token } from '../deid/tokenize.ts';
import { tokenize } from '../deid/tokenize.ts';

/** A dictionary phrase found in text: token indices `[first, last]` and character offsets `[start, end)`. */
export type PhraseMatch<T> = { first: number; last: number; start: number; end: number; value: T };

type TrieNode<T> = { next: Map<string, TrieNode<T>>; value?: T };

/** Tokens compare lowercased, with a curly apostrophe read as a straight one. */
export function normaliseToken(text: string): string {
  return text.toLowerCase().replace(/’/g, "'");
}

/**
 * Longest-match dictionary lookup over tokens (the de-identification tokeniser's, so offsets agree across the NLP
 * modules): phrases are tokenised the same way, stored in a token trie, and matched greedily left to right without
 * overlaps, so "chronic kidney disease stage 3" wins over "chronic kidney disease".
 */
export class PhraseMatcher<T> {
  readonly #root: TrieNode<T> = { next: new Map() };

  constructor(entries: Iterable<{ phrases: readonly string[]; value: T }>) {
    for (const { phrases, value } of entries) for (const phrase of phrases) this.#add(phrase, value);
  }

  #add(phrase: string, value: T): void {
    let node = this.#root;
    for (const token of tokenize(phrase)) {
      const key = normaliseToken(token.text);
      let child = node.next.get(key);
      if (!child) {
        child = { next: new Map() };
        node.next.set(key, child);
      }
      node = child;
    }
    // The first entry to claim a phrase keeps it (dictionaries list their preferred concept first).
    if (node !== this.#root && node.value === undefined) node.value = value;
  }

  /** Every non-overlapping longest match in `tokens[from, to)`. */
  match(tokens: readonly Token[], from = 0, to = tokens.length): PhraseMatch<T>[] {
    const found: PhraseMatch<T>[] = [];
    let i = from;
    while (i < to) {
      let node: TrieNode<T> | undefined = this.#root;
      let best: { last: number; value: T } | undefined;
      for (let j = i; j < to && node; j++) {
        node = node.next.get(normaliseToken((tokens[j] as Token).text));
        if (node?.value !== undefined) best = { last: j, value: node.value };
      }
      if (best) {
        found.push({
          first: i,
          last: best.last,
          start: (tokens[i] as Token).start,
          end: (tokens[best.last] as Token).end,
          value: best.value,
        });
        i = best.last + 1;
      } else i++;
    }
    return found;
  }
}
