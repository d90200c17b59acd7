import { BaseError } from '../../errors.ts';
import type { FhirOutcome } from '../../fhir/operationOutcome.ts';
import type { RecordVersionRef } from '../store/RecordStore.ts';

/**
 * A request the service refuses with a FHIR outcome (bad input, not found, conflict, …): the edge sends
 * `outcome.status` and `outcome.outcome` as they are. Modelled on medplum's `OperationOutcomeError`.
 */
export class FhirOutcomeError extends BaseError {
  override name = 'FhirOutcomeError';
  readonly outcome: FhirOutcome;

  constructor(outcome: FhirOutcome, options: { cause?: unknown } = {}) {
    const first = outcome.outcome.issue?.[0]?.diagnostics ?? `FHIR request failed with ${outcome.status}`;
    super(first, options);
    this.outcome = outcome;
  }
}

/** The access policy refused the interaction (403); the denial has been audited. */
export class AccessDeniedError extends FhirOutcomeError {
  override name = 'AccessDeniedError';
}

/**
 * A stored version failed integrity verification: its ciphertext does not open, its bytes do not hash to the
 * stored content hash, or its anchor disagrees with the chain. A server-side fault: the bytes are never served.
 */
export class RecordIntegrityError extends BaseError {
  override name = 'RecordIntegrityError';
  readonly ref: RecordVersionRef;

  constructor(ref: RecordVersionRef, reason: string, options: { cause?: unknown } = {}) {
    super(`${ref.resourceType}/${ref.id} version ${ref.versionId} failed integrity verification`, {
      details: [reason],
      ...options,
    });
    this.ref = ref;
  }
}
