import { randomBytes } from 'node:crypto';
import type { Hex } from 'viem';
import type { NewRecordVersion, RecordStore } from './RecordStore.ts';

/** What the contract's sub-suites share: the store under test (fresh per test) and its clock, which tests move. */
export type ContractContext = { store: RecordStore; now: number };

/** The contract's epoch: 2024-03-01T08:00:00Z. */
export const T0 = Date.parse('2024-03-01T08:00:00.000Z');

/** A distinct 32-byte hex value per number. */
export const hash = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`;

/** A version with placeholder sealed bytes; tests that decrypt use a real key ring instead. */
export function version(
  resourceType: string,
  id: string,
  versionId: number,
  extra: Partial<NewRecordVersion> = {},
): NewRecordVersion {
  return {
    resourceType,
    id,
    versionId,
    lastUpdated: new Date(T0 + versionId * 1000).toISOString(),
    contentHash: hash(versionId),
    sealed: {
      ciphertext: randomBytes(48),
      iv: randomBytes(12),
      tag: randomBytes(16),
      wrappedKey: randomBytes(40),
      keyId: 'aaaaaaaaaaaaaaaa',
    },
    deleted: false,
    ...extra,
  };
}

/** Bytes as hex, for comparing stored and given buffers whatever their class. */
export const bytes = (value: Uint8Array) => Buffer.from(value).toString('hex');

/** `Type/id/version` strings of version references, for order-sensitive comparisons. */
export const refs = (versions: readonly { resourceType: string; id: string; versionId: number }[]) =>
  versions.map((v) => `${v.resourceType}/${v.id}/${v.versionId}`);
