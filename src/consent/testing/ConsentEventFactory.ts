import { type Address, type Hash, type Hex, keccak256, numberToHex } from 'viem';
import type { IndexedEvent } from '../../ledger/indexer/LedgerEventStore.ts';
import type { ConsentIndex } from '../ConsentIndex.ts';
import { ScopeKind, type ScopeKindValue } from '../scopeValues.ts';

/** Test addresses: a patient, two grantees and a stranger (checksummed, as viem decodes them). */
export const testAddresses = {
  patient: '0x00000000000000000000000000000000000000A1',
  otherPatient: '0x00000000000000000000000000000000000000A2',
  hospital: '0x00000000000000000000000000000000000000B1',
  clinic: '0x00000000000000000000000000000000000000B2',
  practitioner: '0x00000000000000000000000000000000000000C1',
} as const satisfies Record<string, Address>;

/** What a synthetic grant says; unspecified fields get a treatment grant of Observation for a day. */
export type GrantEventFields = {
  patient?: Address;
  grantee?: Address;
  scopeKind?: ScopeKindValue;
  scopeValues: readonly Hex[];
  purposes?: number;
  notBefore?: bigint;
  expiresAt?: bigint;
};

/**
 * Builds `ConsentGranted` / `ConsentRevoked` events as the EventIndexer decodes them, one per block, and feeds them
 * to a `ConsentIndex`, so decider tests run on exact chain-shaped input without a chain.
 */
export class ConsentEventFactory {
  #block = 100n;
  #count = 0;

  constructor(
    private readonly index: ConsentIndex,
    /** Block timestamp of the first event; each later block is 1 s later. */
    private readonly startSeconds = 1_700_000_000n,
  ) {}

  /** Indexes a grant; returns its (synthetic) id. */
  grant(fields: GrantEventFields): Hex {
    this.#count += 1;
    const grantId = keccak256(numberToHex(this.#count, { size: 32 }));
    this.index.apply(
      this.#event('ConsentGranted', {
        grantId,
        patient: fields.patient ?? testAddresses.patient,
        grantee: fields.grantee ?? testAddresses.hospital,
        scopeKind: fields.scopeKind ?? ScopeKind.ResourceTypes,
        scopeValues: fields.scopeValues,
        purposes: fields.purposes ?? 1,
        notBefore: fields.notBefore ?? 0n,
        expiresAt: fields.expiresAt ?? this.startSeconds + 86_400n,
        submitter: testAddresses.hospital,
      }),
    );
    return grantId;
  }

  /** Indexes the revocation of a grant. */
  revoke(
    grantId: Hex,
    grantee: Address = testAddresses.hospital,
    patient: Address = testAddresses.patient,
  ): void {
    this.index.apply(this.#event('ConsentRevoked', { grantId, patient, grantee, submitter: patient }));
  }

  #event(event: string, args: Record<string, unknown>): IndexedEvent {
    this.#block += 1n;
    const txHash = keccak256(numberToHex(this.#block, { size: 32 })) as Hash;
    return {
      blockNumber: this.#block,
      logIndex: 0,
      blockHash: txHash,
      txHash,
      txIndex: 0,
      contract: 'ConsentRegistry',
      address: '0x00000000000000000000000000000000000000C0',
      event,
      args,
      timestamp: this.startSeconds + (this.#block - 100n),
    };
  }
}
