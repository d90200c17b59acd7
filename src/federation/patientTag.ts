import { type Address, encodeAbiParameters, type Hex, keccak256 } from 'viem';

/** The domain hashed with a patient's address into a locator tag (`RecordLocator.TAG_DOMAIN`). */
export const PATIENT_TAG_DOMAIN = 'caduceus.locator.v1';

/**
 * The record locator's tag of a patient: `keccak256(abi.encode("caduceus.locator.v1", patient))`, exactly as
 * `RecordLocator.patientTag` computes it. It names the patient's pseudonymous chain address, never a person.
 */
export function patientTag(patient: Address): Hex {
  return keccak256(
    encodeAbiParameters([{ type: 'string' }, { type: 'address' }], [PATIENT_TAG_DOMAIN, patient]),
  );
}
