import type { Patient } from '@medplum/fhirtypes';
import { type Address, getAddress, isAddress } from 'viem';
import { consentFhirSystems } from '../consent/consentFhirSystems.ts';
import type { MasterKeyRing } from '../records/crypto/MasterKeyRing.ts';
import { openVersion } from '../records/service/openVersion.ts';
import type { RecordStore } from '../records/store/RecordStore.ts';

const MAX_CACHED = 50_000;

/** A patient's Ethereum address: the first `Patient.identifier` of system `urn:caduceus:ethereum-address`. */
export function addressOfPatient(patient: Patient): Address | undefined {
  for (const identifier of patient.identifier ?? []) {
    const value = identifier.value;
    if (identifier.system === consentFhirSystems.address && value && isAddress(value, { strict: false }))
      return getAddress(value);
  }
  return undefined;
}

/**
 * Finds the on-chain identity of the patient a record belongs to, from the Patient resource in the vault. Answers
 * are remembered per Patient until that Patient is written through a store this resolver `watch`es, so a read
 * costs no vault lookup at all (a new identifier takes effect with the write that stores it). That holds because
 * a node is its vault's only writer of records (the master-key lock on its data directory keeps a second one out).
 */
export class PatientAddressResolver {
  readonly #cache = new Map<string, Address | undefined>();
  // Bumped by every Patient write: a lookup that raced with one does not remember what it read.
  #generation = 0;

  constructor(
    private readonly store: RecordStore,
    private readonly keyRing: MasterKeyRing,
  ) {}

  /**
   * The address of `Patient/<id>`, or undefined when it is not stored, deleted, or has no address identifier.
   * `within` is a write transaction's store: a Patient it created is not committed yet, so it is read through it
   * (and not remembered, as the transaction may still roll back).
   */
  async addressOf(reference: string, patient?: Patient, within?: RecordStore): Promise<Address | undefined> {
    if (patient) return addressOfPatient(patient);
    const id = reference.startsWith('Patient/') ? reference.slice('Patient/'.length) : undefined;
    if (!id) return undefined;
    if (within) {
      const pending = await within.readCurrent('Patient', id);
      if (pending)
        return pending.deleted ? undefined : addressOfPatient(openVersion(this.keyRing, pending) as Patient);
    }
    if (this.#cache.has(id)) return this.#cache.get(id);
    const generation = this.#generation;
    const current = await this.store.readCurrent('Patient', id);
    const address =
      !current || current.deleted
        ? undefined
        : addressOfPatient(openVersion(this.keyRing, current) as Patient);
    if (generation === this.#generation) {
      if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
      this.#cache.set(id, address);
    }
    return address;
  }

  /**
   * `store`, telling this resolver of every Patient version written through it (give this to the record service):
   * the remembered answer is dropped when the write starts and again when it (or its transaction) is over.
   */
  watch(store: RecordStore): RecordStore {
    return this.#watch(store, undefined);
  }

  #forget(id: string): void {
    this.#generation += 1;
    this.#cache.delete(id);
  }

  #watch(store: RecordStore, written: Set<string> | undefined): RecordStore {
    const createVersion: RecordStore['createVersion'] = async (version) => {
      if (version.resourceType !== 'Patient') return store.createVersion(version);
      this.#forget(version.id);
      written?.add(version.id);
      try {
        return await store.createVersion(version);
      } finally {
        this.#forget(version.id);
      }
    };
    const transaction: RecordStore['transaction'] = async (work) => {
      const inside = new Set<string>();
      try {
        return await store.transaction((tx) => work(this.#watch(tx, inside)));
      } finally {
        // Until the commit, other readers still saw the old version and may have remembered it.
        for (const id of inside) {
          this.#forget(id);
          written?.add(id);
        }
      }
    };
    return new Proxy(store, {
      get: (target, property) => {
        if (property === 'createVersion') return createVersion;
        if (property === 'transaction') return transaction;
        const value: unknown = Reflect.get(target, property, target);
        // Bound, as the stores keep their state in private fields the proxy does not have.
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
