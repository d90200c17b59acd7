import { createRequire } from 'node:module';
import type { CustomCrypto } from '@ethereumjs/common';
import { keccak_256 } from '@noble/hashes/sha3.js';
import type * as Secp256k1 from 'secp256k1';

/**
 * Faster cryptographic primitives for the embedded chain. Sender recovery dominates transaction intake:
 * `@noble/curves` recovers a key in ~1.4 ms here, libsecp256k1 (the native `secp256k1` package) in ~0.06 ms.
 * We load the native binding directly (not the package root, which silently falls back to pure-JS `elliptic`)
 * and fall back to ethereumjs' own @noble implementation when the binding is missing, so the chain still works.
 */
const require = createRequire(import.meta.url);

function loadNative(): typeof Secp256k1 | undefined {
  try {
    return require('secp256k1/bindings') as typeof Secp256k1;
  } catch {
    return undefined;
  }
}

/** The native libsecp256k1 binding, or undefined when it is not built on this machine. */
export const nativeSecp256k1 = loadNative();

/** keccak-256 (the Ethereum variant), as ethereumjs expects it. */
export const keccak256 = (message: Uint8Array): Uint8Array => keccak_256(message);

/** Recovers the 64-byte uncompressed public key (without the 0x04 prefix) of an Ethereum signature. */
function ecrecover(
  msgHash: Uint8Array,
  v: bigint,
  r: Uint8Array,
  s: Uint8Array,
  chainId?: bigint,
): Uint8Array {
  const native = nativeSecp256k1;
  if (!native) throw new Error('native secp256k1 is not available');
  const recovery = chainId === undefined ? v - 27n : v - (2n * chainId + 35n);
  const recid = v === 0n || v === 1n ? Number(v) : Number(recovery);
  if (recid !== 0 && recid !== 1) throw new Error('Invalid signature v value');
  const signature = new Uint8Array(64);
  signature.set(r, 32 - r.length);
  signature.set(s, 64 - s.length);
  return native.ecdsaRecover(signature, recid, msgHash, false).subarray(1);
}

/** The `customCrypto` to pass to `@ethereumjs/common` (native ecrecover when available, @noble keccak). */
export const chainCrypto: CustomCrypto = nativeSecp256k1 ? { ecrecover, keccak256 } : { keccak256 };
