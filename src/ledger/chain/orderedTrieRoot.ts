import { RLP } from '@ethereumjs/rlp';
import { keccak256 } from './customCrypto.ts';

type Item = { path: Uint8Array; value: Uint8Array };
type Node = Uint8Array | Node[];

/** keccak256(rlp('')): the root of an empty trie. */
const EMPTY_ROOT = keccak256(RLP.encode(new Uint8Array()));

/**
 * The Merkle-Patricia root of a block's transactions or receipts (key `rlp(index)`, value the encoded item),
 * built bottom-up from the sorted keys so that every node is encoded and hashed exactly once. Inserting into an
 * `MerklePatriciaTrie` one key at a time re-hashes the whole path on each insert, which cost ~0.2 ms per
 * transaction for each of the two tries; this is what geth's `DeriveSha` with a stack trie avoids too.
 */
export function orderedTrieRoot(values: readonly Uint8Array[]): Uint8Array {
  if (values.length === 0) return EMPTY_ROOT;
  const items: Item[] = values.map((value, i) => ({ path: nibbles(RLP.encode(i)), value }));
  items.sort((a, b) => compareBytes(a.path, b.path));
  return keccak256(RLP.encode(build(items, 0, items.length, 0)));
}

/** The node holding `items[from, to)`, whose paths agree on their first `depth` nibbles. */
function build(items: readonly Item[], from: number, to: number, depth: number): Node[] {
  const first = items[from] as Item;
  if (to - from === 1) return [hexPrefix(first.path.subarray(depth), true), first.value];
  const last = items[to - 1] as Item;
  let shared = 0;
  while (
    depth + shared < first.path.length &&
    depth + shared < last.path.length &&
    first.path[depth + shared] === last.path[depth + shared]
  ) {
    shared++;
  }
  if (shared > 0) {
    const child = build(items, from, to, depth + shared);
    return [hexPrefix(first.path.subarray(depth, depth + shared), false), reference(child)];
  }
  const branch: Node[] = new Array<Node>(17).fill(new Uint8Array());
  let i = from;
  if (first.path.length === depth) {
    branch[16] = first.value; // sorted first: a key that ends here is a prefix of the rest
    i++;
  }
  while (i < to) {
    const nibble = (items[i] as Item).path[depth] as number;
    let end = i + 1;
    while (end < to && (items[end] as Item).path[depth] === nibble) end++;
    branch[nibble] = reference(build(items, i, end, depth + 1));
    i = end;
  }
  return branch;
}

/** A child as its parent holds it: inline when its encoding is shorter than 32 bytes, else its hash. */
function reference(node: Node[]): Node {
  const encoded = RLP.encode(node);
  return encoded.length < 32 ? node : keccak256(encoded);
}

function hexPrefix(path: Uint8Array, leaf: boolean): Uint8Array {
  const flag = leaf ? 2 : 0;
  const odd = path.length % 2;
  const out = new Uint8Array(1 + (path.length >> 1));
  let p = 0;
  if (odd) {
    out[0] = ((flag + 1) << 4) | (path[0] as number);
    p = 1;
  } else {
    out[0] = flag << 4;
  }
  for (let o = 1; p < path.length; p += 2, o++) out[o] = ((path[p] as number) << 4) | (path[p + 1] as number);
  return out;
}

function nibbles(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    out[2 * i] = (key[i] as number) >> 4;
    out[2 * i + 1] = (key[i] as number) & 0x0f;
  }
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}
