import { encodeAbiParameters, type Hex, keccak256 } from 'viem';
import { describe, expect, it } from 'vitest';
import { MerkleInvalidNodeError } from './errors.ts';
import { ACCESS_LEAF_DOMAIN, accessLeaf, merkleLeaf, RECORD_LEAF_DOMAIN, recordLeaf } from './merkleLeaf.ts';

const hash = keccak256('0x1234');

/** The specification in contracts/MERKLE.md, written the slow and obvious way. */
function specLeaf(domain: string, entryHash: Hex): Hex {
  return keccak256(
    keccak256(encodeAbiParameters([{ type: 'string' }, { type: 'bytes32' }], [domain, entryHash])),
  );
}

describe('merkleLeaf', () => {
  it('double-hashes abi.encode(domain, entryHash)', () => {
    expect(recordLeaf(hash)).toBe(specLeaf('caduceus.record.v1', hash));
    expect(accessLeaf(hash)).toBe(specLeaf('caduceus.access.v1', hash));
    expect(merkleLeaf('a domain longer than thirty-two bytes, spanning words', hash)).toBe(
      specLeaf('a domain longer than thirty-two bytes, spanning words', hash),
    );
  });

  it('separates domains, so a record leaf never proves an access event', () => {
    expect(RECORD_LEAF_DOMAIN).not.toBe(ACCESS_LEAF_DOMAIN);
    expect(recordLeaf(hash)).not.toBe(accessLeaf(hash));
  });

  it('does not reuse state between calls', () => {
    const other = keccak256('0x5678');
    const first = recordLeaf(hash);
    recordLeaf(other);
    expect(recordLeaf(hash)).toBe(first);
  });

  it('rejects anything but a 32-byte hex hash', () => {
    expect(() => recordLeaf('0x1234')).toThrow(MerkleInvalidNodeError);
    expect(() => recordLeaf(`0x${'zz'.repeat(32)}`)).toThrow(MerkleInvalidNodeError);
  });
});
