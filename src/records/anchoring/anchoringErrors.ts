import type { Hex } from 'viem';
import { BaseError } from '../../errors.ts';

/**
 * The anchor contract refused a root because a batch is already anchored under it: either this node anchored the
 * same set of versions before (a retry after a crash or a lost receipt), or another member anchored that root.
 */
export class AnchorRootTakenError extends BaseError {
  override name = 'AnchorRootTakenError';
  readonly root: Hex;
  constructor(root: Hex, options: { cause?: unknown } = {}) {
    super(`Merkle root ${root} is already anchored on chain`, options);
    this.root = root;
  }
}

/** `caduceus verify` found versions that are tampered, missing on chain, unreadable or unanchored too long. */
export class VaultVerificationFailedError extends BaseError {
  override name = 'VaultVerificationFailedError';
}
