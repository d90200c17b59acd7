import type { PhiSpan, PhiType } from './PhiSpan.ts';
import type { Token } from './tokenize.ts';

/** The tag set for `types`: `O`, then `B-<type>` and `I-<type>` for each. */
export function bioLabelSet(types: readonly PhiType[]): string[] {
  return ['O', ...types.flatMap((t) => [`B-${t}`, `I-${t}`])];
}

/**
 * Gold BIO tags of tokens: a token is PHI when a gold span covers any of its characters; consecutive tokens of
 * one span continue it (`I-`), a new span starts with `B-`.
 */
export function spansToBio(tokens: readonly Token[], spans: readonly PhiSpan[]): string[] {
  let previous: PhiSpan | undefined;
  return tokens.map((token) => {
    const span = spans.find((s) => s.start < token.end && s.end > token.start);
    const label = span === undefined ? 'O' : `${span === previous ? 'I' : 'B'}-${span.type}`;
    previous = span;
    return label;
  });
}

/** Spans from BIO tags: a `B-` (or an `I-` after another type) opens a span that `I-` of its type extends. */
export function bioToSpans(tokens: readonly Token[], labels: readonly string[]): PhiSpan[] {
  const spans: PhiSpan[] = [];
  let open: PhiSpan | undefined;
  for (const [i, token] of tokens.entries()) {
    const label = labels[i] ?? 'O';
    if (label === 'O') {
      open = undefined;
      continue;
    }
    const type = label.slice(2) as PhiType;
    if (label.startsWith('I-') && open?.type === type) {
      open.end = token.end;
      continue;
    }
    open = { start: token.start, end: token.end, type };
    spans.push(open);
  }
  return spans;
}
