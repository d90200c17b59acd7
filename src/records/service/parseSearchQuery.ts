import { type FhirOutcome, outcomes } from '../../fhir/operationOutcome.ts';
import type { DateCondition, RangeBound, RecordSearch, TokenCondition } from '../store/RecordStore.ts';
import { FhirOutcomeError } from './errors.ts';
import { normalizeReference } from './extractSearchIndex.ts';
import { fhirDateRange } from './fhirDateRange.ts';
import { RESULT_PARAMETERS, type SearchParameterDefinition, searchParametersOf } from './searchParameters.ts';

/** Default and maximum page size (`_count`). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 1000;

/** A search request turned into a store query plus paging, with what it could not use. */
export type ParsedSearch = {
  query: Omit<RecordSearch, 'count' | 'offset'>;
  count: number;
  offset: number;
  total: 'none' | 'estimate' | 'accurate';
  /** The parameters that shaped the result, in request order, without `_offset` (for `self`/`next` links). */
  normalized: [string, string][];
  /** Parameters ignored under `Prefer: handling=lenient` (otherwise the parse fails on them). */
  ignored: string[];
};

const DATE_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const;
type DatePrefix = (typeof DATE_PREFIXES)[number];

const invalid = (message: string): never => {
  throw new FhirOutcomeError(outcomes.invalid(message));
};

/** Splits on unescaped `sep` and removes FHIR's `\` escapes (search.html §3.1.1.3). */
function splitEscaped(value: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '\\' && i + 1 < value.length) current += value[++i];
    else if (char === sep) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function prefixed(name: string, raw: string): { prefix: DatePrefix; range: { start: number; end: number } } {
  const candidate = raw.slice(0, 2);
  const prefix: DatePrefix = (DATE_PREFIXES as readonly string[]).includes(candidate)
    ? (candidate as DatePrefix)
    : 'eq';
  const text = prefix === 'eq' && !raw.startsWith('eq') ? raw : raw.slice(2);
  const range = fhirDateRange(text);
  if (!range)
    return invalid(
      `Search parameter ${name}: '${raw}' is not a FHIR date (YYYY[-MM[-DD[Thh:mm[:ss][zone]]]])`,
    );
  if (prefix === 'ne' || prefix === 'ap')
    invalid(`Search parameter ${name}: prefix '${prefix}' is not supported`);
  return { prefix, range };
}

function dateCondition(param: string, raw: string): DateCondition {
  if (splitEscaped(raw, ',').length > 1)
    invalid(`Search parameter ${param}: OR (',') of dates is not supported`);
  const { prefix, range } = prefixed(param, raw);
  switch (prefix) {
    case 'ge':
      return { param, end: { ge: range.start } };
    case 'gt':
      return { param, end: { gt: range.end } };
    case 'le':
      return { param, start: { le: range.end } };
    case 'lt':
      return { param, start: { lt: range.start } };
    case 'sa':
      return { param, start: { gt: range.end } };
    case 'eb':
      return { param, end: { lt: range.start } };
    default:
      return { param, start: { ge: range.start }, end: { le: range.end } };
  }
}

/** Intersects `_lastUpdated` bounds: the tighter of each kind wins. */
function lastUpdatedBound(into: RangeBound, raw: string): RangeBound {
  const { prefix, range } = prefixed('_lastUpdated', raw);
  const next: RangeBound = { ...into };
  const lower = (key: 'ge' | 'gt', value: number) => {
    next[key] = Math.max(next[key] ?? value, value);
  };
  const upper = (key: 'le' | 'lt', value: number) => {
    next[key] = Math.min(next[key] ?? value, value);
  };
  if (prefix === 'ge') lower('ge', range.start);
  else if (prefix === 'gt' || prefix === 'sa') lower('gt', range.end);
  else if (prefix === 'le') upper('le', range.end);
  else if (prefix === 'lt' || prefix === 'eb') upper('lt', range.start);
  else {
    lower('ge', range.start);
    upper('le', range.end);
  }
  return next;
}

function tokenCondition(param: string, raw: string): TokenCondition {
  const anyOf = splitEscaped(raw, ',').map((alternative) => {
    const bar = alternative.search(/(?<!\\)\|/);
    if (bar < 0) return { value: splitEscaped(alternative, '|').join('|') };
    const system = alternative.slice(0, bar).replaceAll('\\', '');
    const value = alternative.slice(bar + 1).replaceAll('\\', '');
    if (system === '' && value === '') return invalid(`Search parameter ${param}: '|' alone matches nothing`);
    if (system === '') return { system: null, value };
    return value === '' ? { system } : { system, value };
  });
  return { param, anyOf };
}

function referenceCondition(
  definition: SearchParameterDefinition,
  raw: string,
  type?: string,
): TokenCondition {
  const anyOf = splitEscaped(raw, ',').flatMap((alternative) => {
    if (/^[A-Za-z0-9\-.]{1,64}$/.test(alternative)) {
      const types = type ? [type] : definition.targets;
      return types.map((target) => ({ system: null, value: `${target}/${alternative}` }));
    }
    const normalized = normalizeReference(alternative);
    if (!normalized)
      return invalid(`Search parameter ${definition.code}: '${alternative}' is not a reference`);
    if (type && !normalized.startsWith(`${type}/`)) {
      return invalid(`Search parameter ${definition.code}:${type}: '${alternative}' is not a ${type}`);
    }
    return [{ system: null, value: normalized }];
  });
  return { param: definition.code, anyOf };
}

function nonNegativeInteger(name: string, raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) return invalid(`${name} must be a non-negative integer, got '${raw}'`);
  return Number(raw);
}

/**
 * Parses FHIR search parameters for one resource type into a `RecordSearch`. Values that cannot be honoured are a
 * 400 naming the parameter; unknown parameters (or modifiers) are a 400 listing them all, unless `lenient`, when
 * they are returned in `ignored` for the Bundle's outcome. Throws `FhirOutcomeError`.
 */
export function parseSearchQuery(
  resourceType: string,
  params: Iterable<readonly [string, string]>,
  options: { lenient?: boolean } = {},
): ParsedSearch {
  const definitions = searchParametersOf(resourceType);
  const tokens: TokenCondition[] = [];
  const dates: DateCondition[] = [];
  let ids: string[] | undefined;
  let lastUpdated: RangeBound | undefined;
  let sort: RecordSearch['sort'];
  let descending = false;
  let count = DEFAULT_PAGE_SIZE;
  let offset = 0;
  let total: ParsedSearch['total'] = 'accurate';
  const normalized: [string, string][] = [];
  const unknown: string[] = [];
  for (const [key, value] of params) {
    const [name = '', modifier] = key.split(':', 2) as [string, string | undefined];
    if (value === '' && !name.startsWith('_')) continue;
    const definition = definitions.get(name);
    const typeModifier =
      definition?.kind === 'reference' && modifier && definition.targets.includes(modifier);
    if (modifier !== undefined && !typeModifier) {
      unknown.push(key);
      continue;
    }
    if (definition?.kind === 'token') tokens.push(tokenCondition(name, value));
    else if (definition?.kind === 'reference') tokens.push(referenceCondition(definition, value, modifier));
    else if (definition?.kind === 'date') dates.push(dateCondition(name, value));
    else if (name === '_id') {
      const list = splitEscaped(value, ',');
      ids = ids ? ids.filter((id) => list.includes(id)) : list;
    } else if (name === '_lastUpdated') lastUpdated = lastUpdatedBound(lastUpdated ?? {}, value);
    else if (name === '_count') count = Math.min(nonNegativeInteger('_count', value), MAX_PAGE_SIZE);
    else if (name === '_offset') {
      offset = nonNegativeInteger('_offset', value);
      continue;
    } else if (name === '_total') {
      if (value !== 'none' && value !== 'estimate' && value !== 'accurate') {
        invalid(`_total must be none, estimate or accurate, got '${value}'`);
      }
      total = value as ParsedSearch['total'];
    } else if (name === '_sort') ({ sort, descending } = parseSort(resourceType, value, definitions));
    else if (!(RESULT_PARAMETERS as readonly string[]).includes(name)) {
      unknown.push(key);
      continue;
    }
    normalized.push([key, value]);
  }
  if (unknown.length > 0 && !options.lenient) {
    throw new FhirOutcomeError(outcomes.unknownSearchParameters(resourceType, unknown));
  }
  const query: ParsedSearch['query'] = {
    resourceType,
    ...(ids ? { ids } : {}),
    ...(lastUpdated ? { lastUpdated } : {}),
    ...(tokens.length ? { tokens } : {}),
    ...(dates.length ? { dates } : {}),
    ...(sort ? { sort } : {}),
    ...(descending ? { descending } : {}),
  };
  return { query, count, offset, total, normalized, ignored: unknown };
}

function parseSort(
  resourceType: string,
  value: string,
  definitions: ReadonlyMap<string, SearchParameterDefinition>,
): { sort: RecordSearch['sort']; descending: boolean } {
  const descending = value.startsWith('-');
  const key = descending ? value.slice(1) : value;
  if (key === '_lastUpdated') return { sort: { by: '_lastUpdated' }, descending };
  if (key === 'date' && definitions.get('date')?.kind === 'date')
    return { sort: { by: 'date', param: 'date' }, descending };
  const allowed = definitions.has('date')
    ? 'date, -date, _lastUpdated, -_lastUpdated'
    : '_lastUpdated, -_lastUpdated';
  return invalid(`_sort '${value}' is not supported for ${resourceType}; use one of ${allowed}`);
}

/** The outcome issued as a warning for parameters ignored under `Prefer: handling=lenient`. */
export function ignoredParametersWarning(resourceType: string, names: readonly string[]): FhirOutcome {
  const outcome = outcomes.unknownSearchParameters(resourceType, names);
  for (const issue of outcome.outcome.issue ?? []) {
    issue.severity = 'warning';
    issue.diagnostics = `${issue.diagnostics ?? ''} (ignored)`;
  }
  return { status: 200, outcome: outcome.outcome };
}
