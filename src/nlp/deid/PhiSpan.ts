/**
 * The PHI categories Caduceus detects: HIPAA Safe Harbor's identifiers grouped by how they are found and replaced.
 * NAME covers patients, relatives and clinicians; CONTACT covers e-mail, URLs and IP addresses; ID covers medical
 * record, account, social security and other reference numbers.
 */
export const PHI_TYPES = ['NAME', 'DATE', 'AGE', 'LOCATION', 'PHONE', 'CONTACT', 'ID', 'OTHER'] as const;

/** One PHI category (see `PHI_TYPES`). */
export type PhiType = (typeof PHI_TYPES)[number];

/** A PHI occurrence: UTF-16 offsets `[start, end)` into the text it was found in. */
export type PhiSpan = { start: number; end: number; type: PhiType };
