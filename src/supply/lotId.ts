import { encodeAbiParameters, type Hex, keccak256 } from 'viem';
import { gtinToUint64 } from './gtin.ts';

/** A lot's on-chain id, as `SupplyChain.lotIdOf` computes it: `keccak256(abi.encode(uint64 gtin, string lotNumber))`. */
export function lotIdOf(gtin: string, lotNumber: string): Hex {
  return keccak256(
    encodeAbiParameters([{ type: 'uint64' }, { type: 'string' }], [gtinToUint64(gtin), lotNumber]),
  );
}
