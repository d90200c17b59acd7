import { secp256k1 } from '@noble/curves/secp256k1.js';
import { type Address, bytesToHex, getAddress, type Hex, hexToBytes } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { readKeyFile } from '../keys/keyFile.ts';

/**
 * A node's secp256k1 signing key: the same key that signs its chain transactions (`<dataDir>/node.key`) and whose
 * address the ConsortiumRegistry records as the member's `node`. Access tokens and node-to-node requests are
 * signed with it, so any member can check them against the registry without a second key directory.
 */
export type NodeKey = { readonly privateKey: Uint8Array; readonly address: Address };

/** Builds a `NodeKey` from a 32-byte hex private key (e.g. `readKeyFile(config.privateKeyFile)`). */
export function nodeKeyFromHex(privateKey: Hex): NodeKey {
  const bytes = hexToBytes(privateKey);
  if (bytes.length !== 32 || !secp256k1.utils.isValidSecretKey(bytes)) {
    throw new TypeError('A node key must be a valid 32-byte secp256k1 private key');
  }
  return { privateKey: bytes, address: getAddress(privateKeyToAddress(bytesToHex(bytes))) };
}

/** Reads the node key file (mode 0600 enforced by `readKeyFile`); the key is never logged. */
export function loadNodeKey(path: string): NodeKey {
  return nodeKeyFromHex(readKeyFile(path));
}
