/**
 * Consortium roles as `ConsortiumRegistry` stores them: a `uint16` bitmask, one bit per role, mirroring
 * `contracts/libraries/ConsortiumRoles.sol` (a test keeps the two in step).
 */
export const ConsortiumRole = {
  HOSPITAL: 1 << 0,
  CLINIC: 1 << 1,
  PHARMACY: 1 << 2,
  MANUFACTURER: 1 << 3,
  DISTRIBUTOR: 1 << 4,
  RESEARCHER: 1 << 5,
  REGULATOR: 1 << 6,
  AUDITOR: 1 << 7,
  AI_ORACLE: 1 << 8,
} as const;

/** A role's name. */
export type ConsortiumRoleName = keyof typeof ConsortiumRole;

/** Combines role names into the on-chain bitmask. */
export function rolesMask(names: readonly ConsortiumRoleName[]): number {
  return names.reduce((mask, name) => mask | ConsortiumRole[name], 0);
}

/** Splits an on-chain bitmask into role names (unknown bits are ignored). */
export function roleNames(mask: number): ConsortiumRoleName[] {
  return (Object.keys(ConsortiumRole) as ConsortiumRoleName[]).filter(
    (name) => (mask & ConsortiumRole[name]) !== 0,
  );
}
