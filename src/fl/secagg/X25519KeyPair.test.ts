import { randomBytes } from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { SecureAggregationProtocolError } from '../flErrors.ts';
import { X25519KeyPair } from './X25519KeyPair.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('X25519KeyPair (node:crypto)', () => {
  it('matches the RFC 7748 §6.1 test vectors', () => {
    const alice = new X25519KeyPair(hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'));
    const bob = new X25519KeyPair(hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'));
    expect(toHex(alice.publicKey)).toBe('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
    expect(toHex(bob.publicKey)).toBe('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    expect(toHex(alice.agree(bob.publicKey))).toBe(shared);
    expect(toHex(bob.agree(alice.publicKey))).toBe(shared);
  });

  it('agrees with @noble/curves on random keys, so sites on either implementation interoperate', () => {
    for (let i = 0; i < 20; i++) {
      const secret = new Uint8Array(randomBytes(32));
      const peer = new Uint8Array(randomBytes(32));
      const pair = new X25519KeyPair(secret);
      expect(toHex(pair.publicKey)).toBe(toHex(x25519.getPublicKey(secret)));
      expect(toHex(pair.agree(x25519.getPublicKey(peer)))).toBe(
        toHex(x25519.getSharedSecret(secret, x25519.getPublicKey(peer))),
      );
    }
  });

  it('refuses a malformed or low-order peer key and a secret of the wrong size', () => {
    const pair = new X25519KeyPair(new Uint8Array(randomBytes(32)));
    expect(() => pair.agree(new Uint8Array(31))).toThrow(SecureAggregationProtocolError);
    // u = 0 is a point of small order: the agreement would be all zeros, which would leave a mask unkeyed.
    expect(() => pair.agree(new Uint8Array(32))).toThrow(SecureAggregationProtocolError);
    expect(() => new X25519KeyPair(new Uint8Array(16))).toThrow(SecureAggregationProtocolError);
  });
});
