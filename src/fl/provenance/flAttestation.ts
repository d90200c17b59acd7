import { type Address, bytesToHex, type Hex, hashTypedData, recoverTypedDataAddress } from 'viem';
import { signTypedData } from 'viem/accounts';
import type { NodeKey } from '../../auth/NodeKey.ts';

/** What a site attests for one round: the settings it actually applied, and what it sent. */
export type FlAttestationFields = {
  readonly jobId: Hex;
  readonly round: number;
  /** The global model the site started the round from. */
  readonly startModelHash: Hex;
  /** keccak256 of the update the site sent (its masked vector under secure aggregation). */
  readonly updateHash: Hex;
  readonly secureAggregation: boolean;
  /** DP-SGD noise multiplier and clipping norm applied (0 without DP). */
  readonly noiseMultiplier: number;
  readonly clipNorm: number;
};

/** Where the attestation is checked: the ModelRegistry on this chain. */
export type FlAttestationDomain = { readonly chainId: number; readonly verifyingContract: Address };

/** A fixed-point integer with 6 decimals, as the ModelRegistry stores real numbers. */
export const toE6 = (value: number): bigint => BigInt(Math.round(value * 1e6));

const types = {
  FlAttestation: [
    { name: 'jobId', type: 'bytes32' },
    { name: 'round', type: 'uint16' },
    { name: 'startModelHash', type: 'bytes32' },
    { name: 'updateHash', type: 'bytes32' },
    { name: 'secureAggregation', type: 'bool' },
    { name: 'noiseMultiplierE6', type: 'uint64' },
    { name: 'clipNormE6', type: 'uint64' },
  ],
} as const;

/** The EIP-712 typed data of an attestation, equal to `ModelRegistry.attestationDigest`. */
export function flAttestationTypedData(domain: FlAttestationDomain, fields: FlAttestationFields) {
  return {
    domain: { name: 'Caduceus ModelRegistry', version: '1', ...domain },
    types,
    primaryType: 'FlAttestation' as const,
    message: {
      jobId: fields.jobId,
      round: fields.round,
      startModelHash: fields.startModelHash,
      updateHash: fields.updateHash,
      secureAggregation: fields.secureAggregation,
      noiseMultiplierE6: toE6(fields.noiseMultiplier),
      clipNormE6: toE6(fields.clipNorm),
    },
  };
}

/** The attestation digest (for comparing with the contract's). */
export function flAttestationDigest(domain: FlAttestationDomain, fields: FlAttestationFields): Hex {
  return hashTypedData(flAttestationTypedData(domain, fields));
}

/** Signs an attestation with the site's node key (the key the consortium registry holds for its member). */
export function signFlAttestation(
  key: NodeKey,
  domain: FlAttestationDomain,
  fields: FlAttestationFields,
): Promise<Hex> {
  return signTypedData({ privateKey: bytesToHex(key.privateKey), ...flAttestationTypedData(domain, fields) });
}

/** The node address that signed an attestation. */
export function flAttestationSigner(
  domain: FlAttestationDomain,
  fields: FlAttestationFields,
  signature: Hex,
): Promise<Address> {
  return recoverTypedDataAddress({ ...flAttestationTypedData(domain, fields), signature });
}
