import { BaseError } from '../../errors.ts';

/** Another process (or another `EmbeddedChain` in this process) already has the data directory open. */
export class ChainLockedError extends BaseError {
  override name = 'ChainLockedError';
  constructor(dataDir: string, pid: number | undefined, cause?: unknown) {
    super(
      `data directory ${dataDir} is in use by ${pid === undefined ? 'another process' : `process ${pid}`}`,
      {
        details: ['Stop the other node, or give this one its own --data directory.'],
        cause,
      },
    );
  }
}

/** Data read from disk fails verification: a bad seal, a broken parent link, or a block that does not hash right. */
export class ChainCorruptedError extends BaseError {
  override name = 'ChainCorruptedError';
}

/** The sealer key on disk does not belong to the chain (or the genesis names a sealer whose key is missing). */
export class SealerKeyMismatchError extends BaseError {
  override name = 'SealerKeyMismatchError';
}

/** A genesis was given that differs from the one the data directory was created with. */
export class GenesisMismatchError extends BaseError {
  override name = 'GenesisMismatchError';
}

/** The embedded chain was used after `close()`. */
export class ChainClosedError extends BaseError {
  override name = 'ChainClosedError';
  constructor() {
    super('the embedded chain is closed');
  }
}
