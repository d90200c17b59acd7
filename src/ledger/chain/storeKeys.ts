/** Byte keys of the chain's key-value layout (documented in ChainStore.ts). */
const ascii = (c: string): number => c.charCodeAt(0);

function key(prefix: string, ...parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 1);
  const out = new Uint8Array(length);
  out[0] = ascii(prefix);
  let offset = 1;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Big-endian u64, so that byte order is numeric order in LevelDB. */
export function u64(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value);
  return out;
}

/** Big-endian u32. */
export function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/** Reads a big-endian u64 at `offset`. */
export const readU64 = (bytes: Uint8Array, offset: number): bigint =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset);

/** Reads a big-endian u32 at `offset`. */
export const readU32 = (bytes: Uint8Array, offset: number): number =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset);

/** The key constructors, one per record kind. */
export const storeKeys = {
  meta: () => key('M'),
  head: () => key('H'),
  canonical: (n: bigint) => key('n', u64(n)),
  block: (hash: Uint8Array) => key('b', hash),
  receipts: (hash: Uint8Array) => key('r', hash),
  tx: (hash: Uint8Array) => key('t', hash),
  logByAddress: (address: Uint8Array, n: bigint, logIndex: number) =>
    key('a', address, u64(n), u32(logIndex)),
  logByTopic: (position: number, topic: Uint8Array, n: bigint, logIndex: number) =>
    key('p', Uint8Array.of(position), topic, u64(n), u32(logIndex)),
  /** Prefix of the address index for `address`, followed by u64 block number and u32 log index. */
  addressPrefix: (address: Uint8Array) => key('a', address),
  /** Prefix of the topic index for `topic` at `position`. */
  topicPrefix: (position: number, topic: Uint8Array) => key('p', Uint8Array.of(position), topic),
} as const;
