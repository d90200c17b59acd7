import { type Address, getAddress, type Hex, isAddress, isHex } from 'viem';
import { InvalidConsentMessageError } from './consentErrors.ts';
import {
  type ConsentDomain,
  type ConsentGrant,
  type ConsentRevocation,
  consentGrantTypes,
  consentRevocationTypes,
  type grantTypedData,
  type revocationTypedData,
} from './consentTypedData.ts';

/**
 * EIP-712 typed data as JSON travels (`eth_signTypedData_v4`): integers above `uint8` as decimal strings, and the
 * `EIP712Domain` type spelled out, so a wallet signs it as it is and viem after `consentMessageFromJson`.
 */
export type ConsentTypedDataJson = {
  domain: ConsentDomain;
  types: Record<string, readonly { name: string; type: string }[]>;
  primaryType: 'ConsentGrant' | 'ConsentRevocation';
  message: Record<string, string | number | readonly string[]>;
};

/** A grant or a revocation read back from its typed data, checked to be for this deployment. */
export type ConsentMessage =
  | { kind: 'grant'; grant: ConsentGrant }
  | { kind: 'revocation'; revocation: ConsentRevocation };

const domainType = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
] as const;

function jsonValue(value: unknown): string | number | readonly string[] {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(String);
  return value as string | number;
}

/** The typed data of a grant or revocation as JSON a patient's app or wallet can sign. */
export function consentTypedDataJson(
  typed: ReturnType<typeof grantTypedData> | ReturnType<typeof revocationTypedData>,
): ConsentTypedDataJson {
  const message: ConsentTypedDataJson['message'] = {};
  for (const [name, value] of Object.entries(typed.message)) message[name] = jsonValue(value);
  return {
    domain: typed.domain,
    types: { EIP712Domain: domainType, ...typed.types },
    primaryType: typed.primaryType,
    message,
  };
}

function invalid(problem: string): InvalidConsentMessageError {
  return new InvalidConsentMessageError(
    `The typed data is not a consent message this node drafted: ${problem}`,
    {
      details: ['Send back the typedData exactly as $draft returned it, with the signature over it.'],
    },
  );
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function uint(value: unknown, name: string, bits: number): bigint {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,78}$/.test(text))
    throw invalid(`${name} is not an unsigned integer`);
  const result = BigInt(text);
  if (result >= 2n ** BigInt(bits)) throw invalid(`${name} does not fit uint${bits}`);
  return result;
}

function bytes32(value: unknown, name: string): Hex {
  if (typeof value !== 'string' || !isHex(value) || value.length !== 66)
    throw invalid(`${name} is not bytes32`);
  return value.toLowerCase() as Hex;
}

function address(value: unknown, name: string): Address {
  if (typeof value !== 'string' || !isAddress(value, { strict: false }))
    throw invalid(`${name} is not an address`);
  return getAddress(value);
}

function checkDomain(value: unknown, expected: ConsentDomain): void {
  const domain = record(value, 'domain');
  const same =
    domain.name === expected.name &&
    domain.version === expected.version &&
    String(domain.chainId) === String(expected.chainId) &&
    typeof domain.verifyingContract === 'string' &&
    domain.verifyingContract.toLowerCase() === expected.verifyingContract.toLowerCase();
  if (!same) throw invalid(`its domain is not this node's ConsentRegistry on chain ${expected.chainId}`);
}

/**
 * Reads a grant or revocation back from typed data a client returns (JSON text or object), refusing anything
 * drafted for another chain or registry, a type this node does not draft, or a field out of its Solidity range.
 */
export function consentMessageFromJson(json: unknown, domain: ConsentDomain): ConsentMessage {
  let parsed = json;
  if (typeof json === 'string') {
    try {
      parsed = JSON.parse(json) as unknown;
    } catch {
      throw invalid('it is not JSON');
    }
  }
  const typed = record(parsed, 'typedData');
  checkDomain(typed.domain, domain);
  const message = record(typed.message, 'message');
  if (typed.primaryType === 'ConsentGrant') {
    const values = message.scopeValues;
    if (!Array.isArray(values)) throw invalid('scopeValues is not a list');
    return {
      kind: 'grant',
      grant: {
        patient: address(message.patient, 'patient'),
        grantee: address(message.grantee, 'grantee'),
        scopeKind: Number(uint(message.scopeKind, 'scopeKind', 8)),
        scopeValues: values.map((value, i) => bytes32(value, `scopeValues[${i}]`)),
        purposes: Number(uint(message.purposes, 'purposes', 8)),
        notBefore: uint(message.notBefore, 'notBefore', 64),
        expiresAt: uint(message.expiresAt, 'expiresAt', 64),
        nonce: uint(message.nonce, 'nonce', 256),
        deadline: uint(message.deadline, 'deadline', 64),
      },
    };
  }
  if (typed.primaryType === 'ConsentRevocation') {
    return {
      kind: 'revocation',
      revocation: {
        grantId: bytes32(message.grantId, 'grantId'),
        nonce: uint(message.nonce, 'nonce', 256),
        deadline: uint(message.deadline, 'deadline', 64),
      },
    };
  }
  throw invalid(
    `primaryType must be ${Object.keys(consentGrantTypes)[0]} or ${Object.keys(consentRevocationTypes)[0]}`,
  );
}
