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
