import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ecrecover, privateToAddress, publicToAddress } from '@ethereumjs/util';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { type Address, bytesToHex, getAddress, hexToBytes } from 'viem';
import { loadOrCreateKeyFile, readKeyFile } from '../../keys/keyFile.ts';
import { SealerKeyMismatchError } from './chainErrors.ts';
import { chainCrypto, nativeSecp256k1 } from './customCrypto.ts';

/**
 * The sealer's secp256k1 key and the block seal. A seal is 65 bytes `r ‖ s ‖ v` (v = 27 | 28): an Ethereum-style
 * signature over the block hash, stored beside the block (cancun headers cap extraData at 32 bytes, too small
 * for it). The block's `miner` field is the sealer address, so the genesis hash itself commits to the sealer.
 */
export type SealerKey = { privateKey: Uint8Array; address: Address };

/** Name of the key file inside the data directory (hex, mode 0600, never logged). */
export const SEALER_KEY_FILE = 'sealer.key';

function fromPrivateKey(privateKey: Uint8Array): SealerKey {
  return { privateKey, address: getAddress(bytesToHex(privateToAddress(privateKey))) };
}

/** A fresh random key (in-memory chains). */
export function randomSealerKey(): SealerKey {
  return fromPrivateKey(secp256k1.utils.randomSecretKey());
}

/**
 * Reads `dataDir/sealer.key` (refused when group or others can read it), creating it when missing and `create`
 * allows it (mode 0600, written atomically and fsynced, see `keys/keyFile.ts`).
 */
export function loadOrCreateSealerKey(dataDir: string, create: boolean): SealerKey {
  const file = join(dataDir, SEALER_KEY_FILE);
  if (!create && !existsSync(file)) {
    throw new SealerKeyMismatchError(`the sealer key ${file} is missing`, {
      details: [
        "Put the sealer's private key (hex) there; it is never generated for an existing or named-sealer chain.",
      ],
    });
  }
  const key = create ? loadOrCreateKeyFile(file).key : readKeyFile(file);
  return fromPrivateKey(hexToBytes(key));
}

/** Signs a block hash; returns the 65-byte seal. */
export function sealBlockHash(blockHash: Uint8Array, key: SealerKey): Uint8Array {
  const seal = new Uint8Array(65);
  if (nativeSecp256k1) {
    const { signature, recid } = nativeSecp256k1.ecdsaSign(blockHash, key.privateKey);
    seal.set(signature, 0);
    seal[64] = 27 + recid;
  } else {
    const recovered = secp256k1.sign(blockHash, key.privateKey, { prehash: false, format: 'recovered' });
    seal.set(recovered.subarray(1), 0);
    seal[64] = 27 + (recovered[0] as number);
  }
  return seal;
}

/** The address that produced a seal over `blockHash`, or undefined when the seal is malformed. */
export function recoverSealer(blockHash: Uint8Array, seal: Uint8Array): Address | undefined {
  if (seal.length !== 65) return undefined;
  try {
    const recover = chainCrypto.ecrecover ?? ecrecover;
    const publicKey = recover(
      blockHash,
      BigInt(seal[64] as number),
      seal.subarray(0, 32),
      seal.subarray(32, 64),
    );
    return getAddress(bytesToHex(publicToAddress(publicKey)));
  } catch {
    return undefined;
  }
}
