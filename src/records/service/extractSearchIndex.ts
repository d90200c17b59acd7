import { evalFhirPathTyped, type TypedValue, toTypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import type { SearchDate, SearchToken } from '../store/RecordStore.ts';
import { fhirDateRange, OPEN_END, OPEN_START } from './fhirDateRange.ts';
import { type SearchParameterDefinition, searchParametersOf } from './searchParameters.ts';

/** The index entries of one version: what `RecordStore.createVersion` stores beside the sealed bytes. */
export type SearchIndex = { tokens: SearchToken[]; dates: SearchDate[] };

type Coding = { system?: string; code?: string };

/**
 * A reference as the index keeps it: `Type/id`, whatever base URL or version suffix it was written with, so
 * `patient=123`, `patient=Patient/123` and a full URL all meet the same token. Undefined for contained (`#x`),
 * logical (`urn:`) and other non-resource references.
 */
export function normalizeReference(reference: string): string | undefined {
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

function tokensOf(param: string, value: TypedValue): SearchToken[] {
  const v = value.value as unknown;
  if (v === null || v === undefined) return [];
  switch (value.type) {
    case 'CodeableConcept':
      return ((v as { coding?: Coding[] }).coding ?? [])
        .filter((coding) => coding.code !== undefined)
        .map((coding) => ({ param, system: coding.system ?? null, value: coding.code as string }));
    case 'Coding': {
      const coding = v as Coding;
      return coding.code === undefined ? [] : [{ param, system: coding.system ?? null, value: coding.code }];
    }
    case 'Identifier': {
      const identifier = v as { system?: string; value?: string };
      return identifier.value === undefined
        ? []
        : [{ param, system: identifier.system ?? null, value: identifier.value }];
    }
    case 'ContactPoint': {
      const contact = v as { value?: string };
      return contact.value === undefined ? [] : [{ param, system: null, value: contact.value }];
    }
    default:
      return typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number'
        ? [{ param, system: null, value: String(v) }]
        : [];
  }
}

function referencesOf(param: string, value: TypedValue, targets: readonly string[]): SearchToken[] {
  const v = value.value as unknown;
  const raw =
    typeof v === 'string'
      ? v
      : typeof v === 'object' && v !== null
        ? (v as { reference?: unknown }).reference
        : '';
  if (typeof raw !== 'string') return [];
  const normalized = normalizeReference(raw);
  if (!normalized) return [];
  if (targets.length > 0 && !targets.includes(normalized.slice(0, normalized.indexOf('/')))) return [];
  return [{ param, system: null, value: normalized }];
}

function datesOf(param: string, value: TypedValue): SearchDate[] {
  const v = value.value as unknown;
  if (typeof v === 'string') {
    const range = fhirDateRange(v);
    return range ? [{ param, ...range }] : [];
  }
  if (typeof v !== 'object' || v === null) return [];
  if (value.type === 'Period') {
    const period = v as { start?: string; end?: string };
    const start = period.start === undefined ? OPEN_START : fhirDateRange(period.start)?.start;
    const end = period.end === undefined ? OPEN_END : fhirDateRange(period.end)?.end;
    if (start === undefined || end === undefined || (period.start === undefined && period.end === undefined))
      return [];
    return [{ param, start, end }];
  }
  if (value.type === 'Timing') {
    return ((v as { event?: string[] }).event ?? []).flatMap((event) => {
      const range = fhirDateRange(event);
      return range ? [{ param, ...range }] : [];
    });
  }
  return [];
}

function evaluate(definition: SearchParameterDefinition, typed: TypedValue): TypedValue[] {
  try {
    return evalFhirPathTyped(definition.parsed, [typed]);
  } catch {
    // A resource the validator accepted but an expression cannot walk is simply not indexed under that parameter.
    return [];
  }
}

/**
 * Extracts the search index of a (validated) resource from the official R4 search parameter expressions:
 * tokens for `identifier`, `code`, `category`, `status`; `Type/id` tokens for `patient`/`subject`; date ranges
 * for `date` (a Period as its span, a Timing as its events, `2013` as the whole year).
 */
export function extractSearchIndex(resource: Resource): SearchIndex {
  const tokens: SearchToken[] = [];
  const dates: SearchDate[] = [];
  const typed = toTypedValue(resource);
  for (const definition of searchParametersOf(resource.resourceType).values()) {
    for (const value of evaluate(definition, typed)) {
      if (definition.kind === 'token') tokens.push(...tokensOf(definition.code, value));
      else if (definition.kind === 'reference')
        tokens.push(...referencesOf(definition.code, value, definition.targets));
      else dates.push(...datesOf(definition.code, value));
    }
  }
  return { tokens: dedupe(tokens), dates };
}

function dedupe(tokens: SearchToken[]): SearchToken[] {
  const seen = new Set<string>();
  return tokens.filter((token) => {
    const key = `${token.param}\u0000${token.system ?? '\u0001'}\u0000${token.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
