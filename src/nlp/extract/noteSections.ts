/** The kinds of note section that change how a mention is read. */
export type SectionKind =
  | 'allergies'
  | 'medications'
  | 'family-history'
  | 'social-history'
  | 'history'
  | 'chief-complaint'
  | 'assessment'
  | 'plan'
  | 'vitals'
  | 'other';

/** A section: its heading as written and where its body starts. */
export type NoteSection = { kind: SectionKind; heading: string; start: number };

const KINDS: readonly [RegExp, SectionKind][] = [
  [/allerg/i, 'allergies'],
  [/medication|meds\b|prescription|home med/i, 'medications'],
  [/family/i, 'family-history'],
  [/social/i, 'social-history'],
  [/chief complaint|^cc$|reason for visit/i, 'chief-complaint'],
  [/vital|^vs$/i, 'vitals'],
  [/history|^hpi$|^pmh$/i, 'history'],
  [/assessment|impression|diagnos/i, 'assessment'],
  [/plan/i, 'plan'],
];

// A Markdown heading ("# Allergies", as Synthea writes) or a label at the start of a line ("Allergies: PCN").
const HEADING = /^[ \t]*(?:#{1,6}[ \t]*([^\n]+?)[ \t]*$|([A-Za-z][A-Za-z /&-]{1,40}):)/gm;

/** The sections of a note in order; text before the first heading is in no section. */
export function noteSections(text: string): NoteSection[] {
  const sections: NoteSection[] = [];
  for (const match of text.matchAll(HEADING)) {
    const heading = (match[1] ?? match[2] ?? '').trim();
    const kind = KINDS.find(([pattern]) => pattern.test(heading))?.[1];
    // A label that is no known section ("Patient: ...", "BP: 120/80") does not end the section it sits in.
    if (match[2] !== undefined && kind === undefined) continue;
    sections.push({ kind: kind ?? 'other', heading, start: match.index + match[0].length });
  }
  return sections;
}

/** The section a character offset falls in, if any. */
export function sectionAt(sections: readonly NoteSection[], offset: number): NoteSection | undefined {
  let found: NoteSection | undefined;
  for (const section of sections) {
    if (section.start > offset) break;
    found = section;
  }
  return found;
}
