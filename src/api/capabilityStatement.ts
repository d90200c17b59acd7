import type { CapabilityStatement, CapabilityStatementRestResource, ResourceType } from '@medplum/fhirtypes';
import { SUPPORTED_RESOURCE_TYPES } from '../fhir/supportedResourceTypes.ts';
import { COMMON_SEARCH_PARAMETERS, searchParametersOf } from '../records/service/searchParameters.ts';

/** What the statement says about the node beyond what the code knows. */
export type CapabilityOptions = { baseUrl: string; date: string; softwareVersion: string };

const INTERACTIONS = [
  'read',
  'vread',
  'update',
  'delete',
  'history-instance',
  'history-type',
  'create',
  'search-type',
] as const;

function resourceEntry(type: ResourceType): CapabilityStatementRestResource {
  const indexed = [...searchParametersOf(type).values()].map((param) => ({
    name: param.code,
    definition: param.definition,
    type: param.kind,
    ...(param.documentation ? { documentation: param.documentation } : {}),
  }));
  return {
    type,
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalRead: 'not-supported',
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    interaction: INTERACTIONS.map((code) => ({ code })),
    searchParam: [
      ...COMMON_SEARCH_PARAMETERS.map((param) => ({
        name: param.code,
        definition: param.definition,
        type: param.type,
      })),
      ...indexed,
    ],
  };
}

/**
 * The node's CapabilityStatement, generated from `SUPPORTED_RESOURCE_TYPES` and the search parameters the vault
 * actually indexes, so it cannot drift from the code. Every data interaction needs a bearer token and an
 * `X-Purpose-Of-Use` header; the statement says so in `rest.security`.
 */
export function capabilityStatement(options: CapabilityOptions): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: options.date,
    publisher: 'Caduceus',
    kind: 'instance',
    software: { name: 'Caduceus', version: options.softwareVersion },
    implementation: {
      description:
        'Caduceus record vault: FHIR R4 over encrypted, chain-anchored storage with on-chain consent',
      url: options.baseUrl,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Search results honour _count (default 20, max 1000), _offset, _sort (date, _lastUpdated; - for descending) and _total; unknown parameters are a 400 unless Prefer: handling=lenient.',
        security: {
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          description:
            'Bearer token required. Header X-Purpose-Of-Use (HL7 v3 PurposeOfUse: TREAT, ETREAT, HRESCH, PUBHLTH, HPAYMT, HOPERAT) is required on every data request; ETREAT (break-the-glass) also needs X-Break-The-Glass-Reason. Access is decided per record by on-chain patient consent and audited.',
        },
        resource: SUPPORTED_RESOURCE_TYPES.map(resourceEntry),
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
      },
    ],
  };
}
