import type { Hex } from 'viem';
import type { AnchorVerification, AnchorVerifier } from '../../anchoring/AnchorVerifier.ts';
import type { RecordVersion } from '../../store/RecordStore.ts';

const key = (v: { resourceType: string; id: string; versionId: number }) =>
  `${v.resourceType}/${v.id}/${v.versionId}`;

/**
 * An `AnchorVerifier` for tests: `pending` by default, or whatever a test sets per version (`verified`,
 * `mismatch`). Counts calls so tests can prove every served version was checked.
 */
export class FakeAnchorVerifier implements AnchorVerifier {
  readonly #answers = new Map<string, AnchorVerification>();
  calls = 0;

  /** Sets the answer for one version. */
  set(ref: { resourceType: string; id: string; versionId: number }, answer: AnchorVerification): void {
    this.#answers.set(key(ref), answer);
  }

  /** Marks one version as verified against a made-up root. */
  verified(ref: { resourceType: string; id: string; versionId: number }): void {
    this.set(ref, {
      status: 'verified',
      root: `0x${'11'.repeat(32)}` as Hex,
      txHash: `0x${'22'.repeat(32)}` as Hex,
    });
  }

  async verify(version: RecordVersion): Promise<AnchorVerification> {
    this.calls += 1;
    return this.#answers.get(key(version)) ?? { status: 'pending' };
  }
}
