import { BaseError } from '../../errors.ts';
import type { RecordVersionRef } from './RecordStore.ts';

/** A version number was already taken or skipped: another writer got there first. Re-read and retry. */
export class VersionConflictError extends BaseError {
  override name = 'VersionConflictError';
  readonly currentVersionId: number;
  constructor(ref: RecordVersionRef, currentVersionId: number) {
    super(`Cannot create version ${ref.versionId} of ${ref.resourceType}/${ref.id}`, {
      details: [`current version: ${currentVersionId === 0 ? 'none' : currentVersionId}`],
    });
    this.currentVersionId = currentVersionId;
  }
}

/** A version handed to the store is malformed (bad version number, timestamp or hash). */
export class InvalidRecordVersionError extends BaseError {
  override name = 'InvalidRecordVersionError';
}

/** The batch is no longer claimed by the caller (its lease lapsed and another claimer took it, or it is done). */
export class AnchorClaimLostError extends BaseError {
  override name = 'AnchorClaimLostError';
  constructor(batchId: string) {
    super(`Anchor batch ${batchId} is no longer claimed by this worker`);
  }
}

/** The proofs given for a batch do not match the versions it claimed. */
export class AnchorBatchMismatchError extends BaseError {
  override name = 'AnchorBatchMismatchError';
}

/** A store was opened with options it cannot use (e.g. a schema name that is not a plain SQL identifier). */
export class RecordStoreConfigError extends BaseError {
  override name = 'RecordStoreConfigError';
}

/** A blob already exists for that record version: attachments, like versions, are written once. */
export class BlobExistsError extends BaseError {
  override name = 'BlobExistsError';
  constructor(ref: RecordVersionRef) {
    super(`An attachment already exists for ${ref.resourceType}/${ref.id} version ${ref.versionId}`);
  }
}

/** No unfinished blob matches (it was discarded, completed already, or is missing chunks). */
export class BlobNotFoundError extends BaseError {
  override name = 'BlobNotFoundError';
}
