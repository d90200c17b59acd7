import type { Hex } from 'viem';
import type { IndexedGrant } from './ConsentIndex.ts';
import { categoryScope, recordScope, resourceTypeScope, ScopeKind } from './scopeValues.ts';

/** What a consent decision is about: one resource, with the category codings it carries. */
export type ConsentResource = {
  type: string;
  id: string;
  categories?: readonly { system?: string | undefined; code?: string | undefined }[] | undefined;
};

/** A scope value qualified by its kind (`0:0x…`), so a value signed under one kind never matches another. */
export type ScopeKey = `${number}:${Hex}`;

/** Why a grant does not cover a request, or `covers`. Later entries got further through the checks. */
export type GrantCheck = 'covers' | 'wrong-scope' | 'wrong-purpose' | 'revoked' | 'not-yet-valid' | 'expired';

/** How far a failed check got: the decider reports the failure of the grant that came closest. */
export const grantCheckRank: Readonly<Record<GrantCheck, number>> = {
  'wrong-scope': 1,
  'wrong-purpose': 2,
  'not-yet-valid': 3,
  expired: 3,
  revoked: 4,
  covers: 5,
};

const typeScopes = new Map<string, Hex>();
// Category codings repeat across records (a few hundred in practice); bounded so odd input cannot grow it forever.
const categoryScopes = new Map<string, Hex | null>();
const MAX_CACHED_CATEGORIES = 4096;

function categoryKey(system: string, code: string): Hex | null {
  const text = `${system}|${code}`;
  let value = categoryScopes.get(text);
  if (value === undefined) {
    try {
      value = categoryScope(system, code);
    } catch {
      value = null; // a malformed coding names no category a patient could have granted
    }
    if (categoryScopes.size >= MAX_CACHED_CATEGORIES) categoryScopes.clear();
    categoryScopes.set(text, value);
  }
  return value;
}

/** The scope keys a resource answers to: its type, its reference, and each well-formed category coding. */
export function scopeKeysOf(resource: ConsentResource): ScopeKey[] {
  let typeScope = typeScopes.get(resource.type);
  if (!typeScope) {
    typeScope = resourceTypeScope(resource.type);
    typeScopes.set(resource.type, typeScope);
  }
  const keys: ScopeKey[] = [
    `${ScopeKind.ResourceTypes}:${typeScope}`,
    `${ScopeKind.Records}:${recordScope(resource.type, resource.id)}`,
  ];
  for (const category of resource.categories ?? []) {
    if (!category.system || !category.code) continue;
    const value = categoryKey(category.system, category.code);
    if (value) keys.push(`${ScopeKind.Categories}:${value}`);
  }
  return keys;
}

/** The scope keys a grant names. */
export function grantScopeKeys(grant: Pick<IndexedGrant, 'scopeKind' | 'scopeValues'>): ScopeKey[] {
  return grant.scopeValues.map((value) => `${grant.scopeKind}:${value.toLowerCase() as Hex}` as ScopeKey);
}

/**
 * Checks one grant against a request with the contract's semantics (`_covers` plus the revocation set): the scope
 * kind and value, every requested purpose bit, not revoked, `notBefore <= at < expiresAt` in seconds.
 */
export function checkGrant(
  grant: IndexedGrant,
  request: { purposeBit: number; scopeKeys: ReadonlySet<string>; atSeconds: bigint },
): GrantCheck {
  if (!grantScopeKeys(grant).some((key) => request.scopeKeys.has(key))) return 'wrong-scope';
  if (request.purposeBit === 0 || (grant.purposes & request.purposeBit) !== request.purposeBit) {
    return 'wrong-purpose';
  }
  return timeCheck(grant, request.atSeconds);
}

/** The part of `checkGrant` that does not depend on the resource: revoked, not yet valid, expired, or in force. */
export function timeCheck(grant: IndexedGrant, atSeconds: bigint): GrantCheck {
  if (grant.revokedBlock !== undefined) return 'revoked';
  if (atSeconds < grant.notBefore) return 'not-yet-valid';
  if (atSeconds >= grant.expiresAt) return 'expired';
  return 'covers';
}

/** Seconds since the epoch, as block timestamps count them. */
export function toSeconds(at: Date): bigint {
  return BigInt(Math.floor(at.getTime() / 1000));
}
