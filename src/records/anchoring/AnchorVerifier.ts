import type { Hex } from 'viem';
import type { RecordVersion } from '../store/RecordStore.ts';

/**
 * What a read learns about a version's anchor: its content hash is provably in a batch this custodian anchored on
 * chain (`verified`), it is not anchored yet (`pending`), or something does not add up (`mismatch`: never serve it
 * as verified; the reason names what failed without revealing record content).
 */
export type AnchorVerification =
  | { status: 'verified'; root: Hex; txHash: Hex }
  | { status: 'pending' }
  | { status: 'mismatch'; reason: string };

/** Checks a stored version's content hash against the chain; cheap enough to run on every read. */
export interface AnchorVerifier {
  verify(version: RecordVersion): Promise<AnchorVerification>;
}
