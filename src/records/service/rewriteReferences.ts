/**
 * A deep copy of `value` in which every `reference` that is a key of `map` (a transaction's `urn:uuid:` fullUrls)
 * becomes the reference the server assigned (`Patient/<id>`). Everything else is copied as it is.
 */
export function rewriteReferences<T>(value: T, map: ReadonlyMap<string, string>): T {
  if (map.size === 0) return value;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      copy[key] = key === 'reference' && typeof child === 'string' ? (map.get(child) ?? child) : walk(child);
    }
    return copy;
  };
  return walk(value) as T;
}
