import { type Address, type Hex, hashTypedData } from 'viem';

/**
 * The EIP-712 definitions of `ConsentRegistry` (contracts/interfaces/IConsentRegistry.sol), shared by the contract
 * tests, the node that relays grants and the patient's app that signs them, so all three hash the same bytes.
 */

/** `ConsentRegistry`'s EIP-712 domain; `chainId` comes from `eth_chainId` and the address from the deployment. */
export type ConsentDomain = { name: string; version: string; chainId: number; verifyingContract: Address };

/** The message a patient signs to grant consent (the contract's `ConsentGrant` struct, as viem types it). */
export type ConsentGrant = {
  patient: Address;
  grantee: Address;
  scopeKind: number;
  scopeValues: readonly Hex[];
  purposes: number;
  notBefore: bigint;
  expiresAt: bigint;
  nonce: bigint;
  deadline: bigint;
};

/** The message a patient signs to revoke a grant. */
export type ConsentRevocation = { grantId: Hex; nonce: bigint; deadline: bigint };

/** The EIP-712 `ConsentGrant` type, field for field as the contract's `_GRANT_TYPEHASH`. */
export const consentGrantTypes = {
  ConsentGrant: [
    { name: 'patient', type: 'address' },
    { name: 'grantee', type: 'address' },
    { name: 'scopeKind', type: 'uint8' },
    { name: 'scopeValues', type: 'bytes32[]' },
    { name: 'purposes', type: 'uint8' },
    { name: 'notBefore', type: 'uint64' },
    { name: 'expiresAt', type: 'uint64' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint64' },
  ],
} as const;

/** The EIP-712 `ConsentRevocation` type, as the contract's `_REVOCATION_TYPEHASH`. */
export const consentRevocationTypes = {
  ConsentRevocation: [
    { name: 'grantId', type: 'bytes32' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint64' },
  ],
} as const;

/** Builds the domain of one deployment; the name and version are the contract's constructor constants. */
export function consentDomain(deployment: { chainId: number; verifyingContract: Address }): ConsentDomain {
  return {
    name: 'Caduceus ConsentRegistry',
    version: '1',
    chainId: deployment.chainId,
    verifyingContract: deployment.verifyingContract,
  };
}

/** Everything `signTypedData` (viem, or a wallet's `eth_signTypedData_v4`) needs to sign a grant. */
export function grantTypedData(grant: ConsentGrant, domain: ConsentDomain) {
  return { domain, types: consentGrantTypes, primaryType: 'ConsentGrant', message: grant } as const;
}

/** Everything `signTypedData` needs to sign a revocation. */
export function revocationTypedData(revocation: ConsentRevocation, domain: ConsentDomain) {
  return {
    domain,
    types: consentRevocationTypes,
    primaryType: 'ConsentRevocation',
    message: revocation,
  } as const;
}

/** A grant's id: its EIP-712 digest, equal to the contract's `grantIdOf`, so it is known before it is mined. */
export function grantIdOf(grant: ConsentGrant, domain: ConsentDomain): Hex {
  return hashTypedData(grantTypedData(grant, domain));
}

/** The digest a patient signs to revoke a grant (what the contract recovers the signer from). */
export function revocationDigestOf(revocation: ConsentRevocation, domain: ConsentDomain): Hex {
  return hashTypedData(revocationTypedData(revocation, domain));
}
