import { describe, expect, it } from 'vitest';
import { MerkleLeafNotFoundError } from '../ledger/merkle/errors.ts';
import { merkleLeaf } from '../ledger/merkle/merkleLeaf.ts';
import { verifyProof } from '../ledger/merkle/verifyProof.ts';
import { buildSerialTree } from './buildSerialTree.ts';
import { SERIAL_LEAF_DOMAIN, serialHash, serialLeaf } from './serialLeaf.ts';
import { DuplicateSerialError, InvalidSerialError } from './supplyErrors.ts';

describe('buildSerialTree', () => {
  it('hashes serials into leaves of their own domain', () => {
    // keccak256("") is a well-known constant, so the serial hash is plain keccak over the UTF-8 bytes.
    expect(serialHash('')).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(serialLeaf('A1')).toBe(merkleLeaf(SERIAL_LEAF_DOMAIN, serialHash('A1')));
    expect(serialLeaf('A1')).not.toBe(merkleLeaf('caduceus.record.v1', serialHash('A1')));
  });

  it('proves every serial of a lot and no other', () => {
    const serials = Array.from({ length: 257 }, (_, i) => `SN${i.toString().padStart(6, '0')}`);
    const lot = buildSerialTree(serials);
    expect(lot.quantity).toBe(257);
    for (const serial of serials) {
      expect(lot.has(serial)).toBe(true);
      expect(verifyProof(lot.root, serialLeaf(serial), lot.proof(serial))).toBe(true);
    }
    expect(verifyProof(lot.root, serialLeaf('SN999999'), lot.proof('SN000001'))).toBe(false);
    expect(lot.has('SN999999')).toBe(false);
    expect(() => lot.proof('SN999999')).toThrow(MerkleLeafNotFoundError);
    // The order serials are listed in does not change the lot.
    expect(buildSerialTree([...serials].reverse()).root).toBe(lot.root);
  });

  it('builds a single-serial lot whose root is its leaf', () => {
    const lot = buildSerialTree(['only']);
    expect(lot.root).toBe(serialLeaf('only'));
    expect(lot.proof('only')).toEqual([]);
  });

  it('refuses duplicate and non-GS1 serials', () => {
    expect(() => buildSerialTree(['1', '2', '1'])).toThrow(DuplicateSerialError);
    expect(() => buildSerialTree(['ok', 'not ok'])).toThrow(InvalidSerialError);
    expect(() => buildSerialTree(['x'.repeat(21)])).toThrow(InvalidSerialError);
  });
});
