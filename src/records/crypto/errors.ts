import { BaseError } from '../../errors.ts';

/**
 * A sealed record or stream could not be opened: a field was altered, the AAD names another record, the wrapped
 * key does not unwrap, or a stream was cut short. Deliberately says nothing about which check failed.
 */
export class RecordDecryptionError extends BaseError {
  override name = 'RecordDecryptionError';
}

/** The master key that wrapped a data key is not in the key ring (a key file is missing from `keys/`). */
export class MasterKeyNotFoundError extends RecordDecryptionError {
  override name = 'MasterKeyNotFoundError';
  constructor(keyId: string) {
    super(`Master key ${keyId} is not in the key ring`, {
      details: ['Restore its key file (records-master-*.key) into the data directory’s keys/ folder'],
    });
  }
}

/**
 * Another process holds the data directory's master keys (a running node, or a rotation in progress): rotating
 * under a running node would leave it wrapping new records with a key about to be retired.
 */
export class MasterKeysInUseError extends BaseError {
  override name = 'MasterKeysInUseError';
}

/** A rotation found data keys still wrapped by an old master key after re-wrapping; nothing was retired. */
export class KeyRotationIncompleteError extends BaseError {
  override name = 'KeyRotationIncompleteError';
}
