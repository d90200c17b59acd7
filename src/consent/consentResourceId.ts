import type { Hex } from 'viem';

/**
 * The FHIR id of the `Consent` that mirrors an on-chain grant: the grant id's 64 hex digits without `0x` (a FHIR
 * id allows 64 characters of `[A-Za-z0-9-.]`, so `0x…` would not fit), unique and stable across nodes.
 */
export function consentIdOfGrant(grantId: Hex): string {
  return grantId.slice(2).toLowerCase();
}

/** The grant id a `Consent` id names (with or without `0x`), or undefined for an id that is no grant id. */
export function grantIdOfConsentId(id: string): Hex | undefined {
  const match = /^(?:0x)?([0-9a-fA-F]{64})$/.exec(id);
  return match?.[1] ? (`0x${match[1].toLowerCase()}` as Hex) : undefined;
}
