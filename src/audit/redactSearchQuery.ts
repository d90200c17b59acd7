/** What replaces a search value that could identify a patient or carry clinical free text. */
export const REDACTED = '[redacted]';

/** Parameters whose values are kept: paging and shaping, dates, status and coded values — none names a person. */
const KEPT = new Set([
  '_count',
  '_offset',
  '_sort',
  '_total',
  '_summary',
  '_elements',
  '_include',
  '_revinclude',
  '_format',
  '_lastUpdated',
  '_id',
  'date',
  'status',
  'category',
  'code',
]);
/** Reference parameters: kept only as a plain reference (`Patient/123` or an id), never chained. */
const REFERENCES = new Set(['patient', 'subject']);
/** Modifiers that turn a coded or reference search into free text. */
const FREE_TEXT_MODIFIERS = new Set(['text', 'contains', 'exact']);
const PLAIN_REFERENCE = /^(?:[A-Z][A-Za-z]{1,63}\/)?[A-Za-z0-9\-.]{1,64}$/;

function keeps(name: string, value: string): boolean {
  if (name.includes('.')) return false; // chained: subject.name=Smith searches on the patient's own data
  const [base = '', modifier] = name.split(':');
  if (modifier !== undefined && FREE_TEXT_MODIFIERS.has(modifier)) return false;
  if (REFERENCES.has(base)) return value.split(',').every((v) => PLAIN_REFERENCE.test(v));
  return KEPT.has(base);
}

/**
 * A search query fit for the audit trail: parameter names stay (what was searched), values stay only for
 * parameters that cannot identify a patient beyond a reference (paging, dates, status, codes, plain
 * `patient`/`subject` references); names, identifiers, birth dates, contact details, chained and free-text searches
 * keep their name and lose their value.
 *
 * @example redactSearchQuery('family=Smith&birthdate=1970-01-01&_count=10') // 'family=[redacted]&birthdate=[redacted]&_count=10'
 */
export function redactSearchQuery(query: string): string {
  return [...new URLSearchParams(query)]
    .map(
      ([name, value]) =>
        `${encodeURIComponent(name)}=${keeps(name, value) ? encodeURIComponent(value) : REDACTED}`,
    )
    .join('&');
}
