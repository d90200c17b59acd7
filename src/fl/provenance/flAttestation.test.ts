import { keccak256 } from 'viem';
import { describe, expect, it } from 'vitest';
import { nodeKeyFromHex } from '../../auth/NodeKey.ts';
import { flAttestationSigner, signFlAttestation, toE6 } from './flAttestation.ts';
import { hashModelParameters } from './hashModelParameters.ts';

const key = nodeKeyFromHex(`0x${'07'.repeat(32)}`);
const domain = { chainId: 1337, verifyingContract: '0x00000000000000000000000000000000000000c1' } as const;
const fields = {
  jobId: keccak256('0x01'),
  round: 2,
  startModelHash: keccak256('0x02'),
  updateHash: keccak256('0x03'),
  secureAggregation: true,
  noiseMultiplier: 1.1,
  clipNorm: 1,
};

describe('model provenance helpers', () => {
  it('hashes parameters as little-endian float64 bytes', () => {
    // 1.0 is 0x3FF0000000000000: little-endian bytes 00 … 00 F0 3F.
    expect(hashModelParameters(Float64Array.of(1))).toBe(keccak256('0x000000000000f03f'));
    expect(hashModelParameters(Float64Array.of(1, 2))).not.toBe(hashModelParameters(Float64Array.of(2, 1)));
  });

  it("recovers the node key from an attestation, and nobody's from one over other settings", async () => {
    const signature = await signFlAttestation(key, domain, fields);
    expect(await flAttestationSigner(domain, fields, signature)).toBe(key.address);
    expect(await flAttestationSigner(domain, { ...fields, secureAggregation: false }, signature)).not.toBe(
      key.address,
    );
    expect(await flAttestationSigner({ ...domain, chainId: 1 }, fields, signature)).not.toBe(key.address);
    expect(toE6(1.1)).toBe(1_100_000n);
  });
});
