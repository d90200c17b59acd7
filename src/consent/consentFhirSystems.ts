/**
 * The identifier and code systems Caduceus uses when it shows on-chain consent as FHIR `Consent` resources, shared
 * by both directions of the mapping so a Consent made from a grant reads back to the same grant.
 */
export const consentFhirSystems = {
  /** `Consent.identifier`: `eip155:<chainId>:<registry address>:<grant id>` names one grant in one deployment. */
  grant: 'urn:caduceus:consent-grant',
  /** An Ethereum address (patient or grantee), checksummed. */
  address: 'urn:caduceus:ethereum-address',
  /** A scope value whose plain text this node does not know: the hash as signed. */
  scopeHash: 'urn:caduceus:consent-scope-hash',
  /** `provision.class` of a resource-type scope. */
  resourceTypes: 'http://hl7.org/fhir/resource-types',
  /** Extension on `Consent` carrying the revocation time. */
  revokedAt: 'urn:caduceus:consent-revoked-at',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  loinc: 'http://loinc.org',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
} as const;
