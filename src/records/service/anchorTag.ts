import type { Coding, Resource } from '@medplum/fhirtypes';

/** The `meta.tag` system that says whether a served version's bytes were proven against the chain. */
export const ANCHOR_TAG_SYSTEM = 'https://caduceus.health/fhir/anchor';

/** The anchoring state of a served version (a mismatch is never served). */
export type AnchorState = 'verified' | 'pending';

const DISPLAY: Readonly<Record<AnchorState, string>> = {
  verified: 'Content hash verified against the on-chain anchor',
  pending: 'Not yet anchored on chain',
};

/**
 * The resource as served: `resourceType`, `id` and `meta` first (stored bytes are canonical, keys sorted), with
 * the anchor tag added to `meta.tag`. The tag is never stored: `withoutAnchorTag` strips it from incoming bodies.
 */
export function withAnchorTag<T extends Resource>(resource: T, state: AnchorState): T {
  const { resourceType, id, meta, ...rest } = resource;
  const tag: Coding = { system: ANCHOR_TAG_SYSTEM, code: state, display: DISPLAY[state] };
  return {
    resourceType,
    ...(id === undefined ? {} : { id }),
    meta: { ...meta, tag: [...(meta?.tag ?? []).filter((t) => t.system !== ANCHOR_TAG_SYSTEM), tag] },
    ...rest,
  } as T;
}

/** A body as a client sent it, minus any anchor tag (which only the server may assert). */
export function withoutAnchorTag<T extends Resource>(resource: T): T {
  const tags = resource.meta?.tag;
  if (!tags?.some((t) => t.system === ANCHOR_TAG_SYSTEM)) return resource;
  const { tag: _removed, ...meta } = resource.meta ?? {};
  const kept = tags.filter((t) => t.system !== ANCHOR_TAG_SYSTEM);
  return { ...resource, meta: { ...meta, ...(kept.length ? { tag: kept } : {}) } };
}
