import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Hex } from 'viem';
import { InvalidScopeValueError } from './consentErrors.ts';

/**
 * Scope values exactly as IConsentRegistry documents them: keccak256 of a UTF-8 string, so record identifiers are
 * never published on chain and every on-chain comparison is one word.
 */

/** What a grant's scope values name (the contract's `ScopeKind` enum). */
export const ScopeKind = { ResourceTypes: 0, Categories: 1, Records: 2 } as const;

/** One of the `ScopeKind` values. */
export type ScopeKindValue = (typeof ScopeKind)[keyof typeof ScopeKind];

const resourceTypePattern = /^[A-Z][A-Za-z]{1,63}$/;
// FHIR R4 `id`: the same rule the vault enforces on resource ids.
const idPattern = /^[A-Za-z0-9\-.]{1,64}$/;

const MAX_REMEMBERED = 50_000;
const remembered = new Map<string, Hex>();

/**
 * keccak256 of `text`, remembered: every read's consent check hashes its resource type and its record reference,
 * and the same few thousand hot records come back again and again (noble directly, no viem hex round trip).
 */
function hashOf(text: string): Hex {
  let hash = remembered.get(text);
  if (hash === undefined) {
    hash = `0x${bytesToHex(keccak_256(utf8ToBytes(text)))}`;
    // Dropping everything at the bound is crude but O(1), and a miss only costs one hash.
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(text, hash);
  }
  return hash;
}

/** `keccak256("Observation")`: every resource of a type. */
export function resourceTypeScope(resourceType: string): Hex {
  if (!resourceTypePattern.test(resourceType)) {
    throw new InvalidScopeValueError(`"${resourceType}" is not a FHIR resource type name`);
  }
  return hashOf(resourceType);
}

/** `keccak256("system|code")` of a category coding, e.g. observation-category `laboratory`. */
export function categoryScope(system: string, code: string): Hex {
  if (system.length === 0 || code.length === 0 || system.trim() !== system || code.trim() !== code) {
    throw new InvalidScopeValueError(
      'A category scope needs a non-empty system and code without outer spaces',
      {
        details: [`Got system "${system}", code "${code}"`],
      },
    );
  }
  // `|` separates the two parts; a system containing it would make two codings hash alike.
  if (system.includes('|')) throw new InvalidScopeValueError(`Category system "${system}" contains "|"`);
  return hashOf(`${system}|${code}`);
}

/** `keccak256("Observation/0f9c3a1e")`: one record, by its relative reference. */
export function recordScope(resourceType: string, id: string): Hex {
  resourceTypeScope(resourceType);
  if (!idPattern.test(id)) throw new InvalidScopeValueError(`"${id}" is not a FHIR resource id`);
  return hashOf(`${resourceType}/${id}`);
}
