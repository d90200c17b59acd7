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
 * Finds the on-chain identity of the patient a record belongs to, from the Patient resource in the vault. Each
 * answer is cached with the Patient's version, so a read costs one index lookup and a decryption only when the
 * Patient changed (a new identifier takes effect at once).
 */
export class PatientAddressResolver {
  readonly #cache = new Map<string, { versionId: number; address: Address | undefined }>();

  constructor(
    private readonly store: RecordStore,
    private readonly keyRing: MasterKeyRing,
  ) {}

  /** The address of `Patient/<id>`, or undefined when it is not stored, deleted, or has no address identifier. */
  async addressOf(reference: string, patient?: Patient): Promise<Address | undefined> {
    if (patient) return addressOfPatient(patient);
    const id = reference.startsWith('Patient/') ? reference.slice('Patient/'.length) : undefined;
    if (!id) return undefined;
    const current = await this.store.readCurrent('Patient', id);
    if (!current || current.deleted) return undefined;
    const cached = this.#cache.get(id);
    if (cached?.versionId === current.versionId) return cached.address;
    const address = addressOfPatient(openVersion(this.keyRing, current) as Patient);
    if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
    this.#cache.set(id, { versionId: current.versionId, address });
    return address;
  }
}
