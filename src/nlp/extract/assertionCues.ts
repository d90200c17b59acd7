import type { Token } from '../deid/tokenize.ts';
import { type PhraseMatch, PhraseMatcher } from './PhraseMatcher.ts';

/**
 * What a cue does to the concepts around it (NegEx, Chapman 2001; ConText, Harkema 2009): negate or make
 * uncertain the concepts after (`-pre`) or before (`-post`) it, say they are past (`historical`) or someone
 * else's (`family`), end a cue's scope (`terminate`), or look like a cue without being one (`pseudo`: "no
 * change", "gram negative", which longest-match lets win over "no" and "negative").
 */
export type CueKind =
  | 'negation-pre'
  | 'negation-post'
  | 'uncertain-pre'
  | 'uncertain-post'
  | 'historical-pre'
  | 'family-pre'
  | 'terminate'
  | 'pseudo';

const CUES: Record<CueKind, readonly string[]> = {
  'negation-pre': [
    'no',
    'not',
    'denies',
    'denied',
    'deny',
    'denying',
    'without',
    'negative for',
    'free of',
    'no evidence of',
    'no sign of',
    'no signs of',
    'absence of',
    'never',
    'never had',
    'no history of',
    'no complaints of',
    'does not have',
    'did not have',
    "doesn't have",
    "didn't have",
    'not allergic to',
    'nor',
    'neither',
    'ruled out for',
    'resolution of',
    'not taking',
    'no longer taking',
    'no longer on',
  ],
  'negation-post': [
    'is ruled out',
    'was ruled out',
    'has been ruled out',
    'ruled out',
    'unlikely',
    'is negative',
    'was negative',
    'not present',
    'absent',
    'resolved',
    'has resolved',
    'denied',
  ],
  'uncertain-pre': [
    'possible',
    'possibly',
    'probable',
    'probably',
    'likely',
    'suspected',
    'suspect',
    'suspicious for',
    'suspicion of',
    'concern for',
    'concerning for',
    'questionable',
    'question of',
    'r/o',
    'rule out',
    'rule-out',
    'evaluate for',
    'eval for',
    'may have',
    'might have',
    'could be',
    'cannot rule out',
    "can't rule out",
    'cannot exclude',
    'differential includes',
    '?',
  ],
  'uncertain-post': [
    'is suspected',
    'was suspected',
    'is possible',
    'is likely',
    'cannot be excluded',
    'cannot be ruled out',
    'not excluded',
    'not ruled out',
    '?',
  ],
  'historical-pre': [
    'history of',
    'h/o',
    'hx of',
    'past history of',
    'past medical history',
    'pmh',
    'previous',
    'prior',
    'previously',
    'status post',
    's/p',
  ],
  'family-pre': [
    'family history of',
    'family history',
    'fhx',
    'fh of',
    'mother',
    'father',
    'brother',
    'sister',
    'mom',
    'dad',
    'grandmother',
    'grandfather',
    'aunt',
    'uncle',
  ],
  terminate: [
    'but',
    'however',
    'although',
    'though',
    'except',
    'aside from',
    'apart from',
    'which',
    'who',
    'secondary to',
    'due to',
    'because',
    'presents with',
    'presenting with',
    'complains of',
    'reports',
    'still',
    'now',
  ],
  pseudo: [
    'no increase',
    'no change',
    'no significant change',
    'no interval change',
    'not only',
    'no further',
    'not necessarily',
    'gram negative',
    'without difficulty',
    'not certain if',
    'not certain whether',
    'no known allergies',
    'no known drug allergies',
    'no known allergy',
  ],
};

/** A cue found in a note: where it is and what it does. */
export type AssertionCue = PhraseMatch<CueKind>;

// Two kinds share "?" and "denied"-like phrases: the first listed keeps a phrase, and post-cues are looked up
// separately so a phrase can act both before and after a concept.
const preMatcher = new PhraseMatcher<CueKind>(
  (['pseudo', 'terminate', 'negation-pre', 'uncertain-pre', 'family-pre', 'historical-pre'] as const).map(
    (kind) => ({ phrases: CUES[kind], value: kind }),
  ),
);
const postMatcher = new PhraseMatcher<CueKind>(
  (['pseudo', 'terminate', 'negation-post', 'uncertain-post'] as const).map((kind) => ({
    phrases: CUES[kind],
    value: kind,
  })),
);

/** The cues of a tokenised note, in two passes: those that look forward and those that look back. */
export type NoteCues = { pre: readonly AssertionCue[]; post: readonly AssertionCue[] };

/** Finds every assertion cue of a note once, so each concept only has to look at its neighbours. */
export function findAssertionCues(tokens: readonly Token[]): NoteCues {
  return { pre: preMatcher.match(tokens), post: postMatcher.match(tokens) };
}
