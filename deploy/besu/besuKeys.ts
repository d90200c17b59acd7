import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { type Address, bytesToHex, getAddress, type Hex, hexToBytes } from 'viem';
import { BaseError } from '../../src/errors.ts';
import { readKeyFile, writeKeyFile } from '../../src/keys/keyFile.ts';

/** A key or public-key file of the network holds something that is not a secp256k1 key. */
export class BesuKeyError extends BaseError {
  override name = 'BesuKeyError';
}

/** A secp256k1 key on disk (Besu's format: one line of 0x-hex, mode 0600) and whether this run created it. */
export type BesuKey = { address: Address; keyFile: string; created: boolean; publicKey: Hex };

/** An account key, with the private key for the test environment file. */
export type BesuAccountKey = BesuKey & { privateKey: Hex };

/** A validator: its key, or only its public key when the organisation keeps the private key on its own host. */
export type BesuValidatorKey = BesuKey & { external: boolean };

/**
 * A validator's identity from its directory. A `key.pub` without a `key` is an organisation's own validator whose
 * private key never leaves its host (exported with `besu public-key export`); `force` does not replace that one.
 */
export function loadValidatorKey(dir: string, force: boolean): BesuValidatorKey {
  const keyFile = join(dir, 'key');
  const pubFile = join(dir, 'key.pub');
  if (!existsSync(keyFile) && existsSync(pubFile)) {
    const text = readFileSync(pubFile, 'utf8').trim();
    const hex = text.startsWith('0x') ? text.slice(2) : text;
    if (!/^[0-9a-fA-F]{128}$/.test(hex)) {
      throw new BesuKeyError(`${pubFile} must hold a 64-byte public key in hex (besu public-key export)`);
    }
    try {
      secp256k1.Point.fromBytes(hexToBytes(`0x04${hex}`)).assertValidity();
    } catch (error) {
      throw new BesuKeyError(`${pubFile} is not a secp256k1 public key`, { cause: error });
    }
    const publicKey = `0x${hex.toLowerCase()}` as Hex;
    return { address: addressOf(publicKey), keyFile, created: false, publicKey, external: true };
  }
  const { address, created, publicKey } = loadOrCreateKey(keyFile, force);
  return { address, keyFile, created, publicKey, external: false };
}

/** Reads the key at `path` (refusing one others can read) or writes a fresh one; `force` always writes anew. */
export function loadOrCreateKey(path: string, force: boolean): BesuAccountKey {
  const created = force || !existsSync(path);
  if (created) writeKeyFile(path, bytesToHex(secp256k1.utils.randomSecretKey()));
  const privateKey = readKeyFile(path);
  if (!secp256k1.utils.isValidSecretKey(hexToBytes(privateKey))) {
    throw new BesuKeyError(`Key file ${path} does not hold a valid secp256k1 private key`);
  }
  // The enode id is the uncompressed public key without its 0x04 prefix; the address is keccak256 of it.
  const publicKey = bytesToHex(secp256k1.getPublicKey(hexToBytes(privateKey), false).slice(1));
  return { address: addressOf(publicKey), keyFile: path, created, privateKey, publicKey };
}

function addressOf(publicKey: Hex): Address {
  return getAddress(bytesToHex(keccak_256(hexToBytes(publicKey)).slice(12)));
}
