/**
 * How Caduceus nodes sign requests to each other with HTTP Message Signatures (RFC 9421). `alg` is private (RFC
 * 9421 registers no secp256k1 algorithm): ECDSA over secp256k1 with SHA-256, the signature `r ‖ s` (64 bytes,
 * low-S), like the registered `ecdsa-p256-sha256` but on the curve of the node's chain key. `keyid` is the node's
 * address, which the ConsortiumRegistry maps to its organisation; `tag` keeps these signatures from being taken
 * for any other application's.
 */
export const requestSignatureProfile = {
  label: 'caduceus',
  alg: 'ecdsa-secp256k1-sha256',
  tag: 'caduceus-node',
  /** Components every node request must cover (`date` too, when the request carries one). */
  requiredComponents: ['@method', '@target-uri', 'content-digest'],
  /** Components a node signs. */
  signedComponents: ['@method', '@target-uri', 'content-digest', 'date'],
} as const;
