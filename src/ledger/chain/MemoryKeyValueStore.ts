import type { KeyRange, KeyValueOp, KeyValueStore } from './KeyValueStore.ts';

const toKey = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
const fromKey = (key: string): Uint8Array => new Uint8Array(Buffer.from(key, 'latin1'));

/**
 * The in-memory store of unit-test chains. Keys are latin1 strings so that JavaScript's string order is byte
 * order; the sorted key list is rebuilt lazily, only when a range is read after a write.
 */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly #map = new Map<string, Uint8Array>();
  #sorted: string[] | undefined;

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#map.get(toKey(key));
  }

  async write(ops: readonly KeyValueOp[]): Promise<void> {
    for (const op of ops) {
      if (op.type === 'put') this.#map.set(toKey(op.key), op.value);
      else this.#map.delete(toKey(op.key));
    }
    this.#sorted = undefined;
  }

  async keys(range: KeyRange): Promise<Uint8Array[]> {
    this.#sorted ??= [...this.#map.keys()].sort();
    const sorted = this.#sorted;
    const gte = toKey(range.gte);
    const lt = toKey(range.lt);
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as string) < gte) lo = mid + 1;
      else hi = mid;
    }
    const out: Uint8Array[] = [];
    const limit = range.limit ?? Number.POSITIVE_INFINITY;
    for (let i = lo; i < sorted.length && out.length < limit; i++) {
      const key = sorted[i] as string;
      if (key >= lt) break;
      out.push(fromKey(key));
    }
    return out;
  }

  async close(): Promise<void> {}
}
