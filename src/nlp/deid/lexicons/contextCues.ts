/**
 * Words around PHI that give it away, written for this project: clinician titles and credentials, family roles,
 * month names. Lower case, without trailing periods.
 */
export const TITLES: ReadonlySet<string> = new Set(
  'dr doctor mr mrs ms miss md do rn np pa lpn cna rrt rt pt ot dds phd attending fellow resident'.split(' '),
);

/** Family and proxy roles that precede a relative's name ("son bill", "daughter, Emily"). */
export const RELATIVE_WORDS: ReadonlySet<string> = new Set(
  `wife husband son sons daughter daughters dtr dau mother mom father dad brother brothers sister sisters sibling
  niece nephew aunt uncle cousin grandson granddaughter grandaughter grandchild grandmother grandfather friend
  neighbor neighbour fiance fiancee partner spouse proxy hcp guardian boyfriend girlfriend family`
    .split(/\s+/)
    .filter(Boolean),
);

/** Month names and their common abbreviations, mapped to month numbers (1–12). */
export const MONTHS: ReadonlyMap<string, number> = new Map(
  [
    ['january', 'jan'],
    ['february', 'feb'],
    ['march', 'mar'],
    ['april', 'apr'],
    ['may', 'may'],
    ['june', 'jun'],
    ['july', 'jul'],
    ['august', 'aug'],
    ['september', 'sep', 'sept'],
    ['october', 'oct'],
    ['november', 'nov'],
    ['december', 'dec'],
  ].flatMap((names, index) => names.map((name) => [name, index + 1] as const)),
);
