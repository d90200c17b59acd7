import { BaseError } from '../errors.ts';

/** A scope string is not a SMART App Launch scope this server understands. */
export class InvalidScopeError extends BaseError {
  override name = 'InvalidScopeError';
}

/** Whose data a resource scope reaches: the launch patient's, what the user may see, or a backend system's. */
export type ScopeContext = 'patient' | 'user' | 'system';

/** A FHIR interaction, named as SMART v2 maps them onto the `c r u d s` permissions. */
export type FhirInteraction =
  | 'create'
  | 'read'
  | 'vread'
  | 'history-instance'
  | 'update'
  | 'patch'
  | 'delete'
  | 'search'
  | 'history-type';

/** A category coding as it appears on a resource (`Observation.category.coding` and the like). */
export type CategoryCoding = { readonly system?: string | undefined; readonly code?: string | undefined };

/** A parsed `context/Type.perms[?category=…]` scope. `resourceType` may be `*`. */
export type ResourceScope = {
  readonly kind: 'resource';
  readonly text: string;
  readonly context: ScopeContext;
  readonly resourceType: string;
  /** Subset of `cruds`, in that order. */
  readonly permissions: string;
  /** A SMART v2 granular scope narrows the type to one category (`?category=system|code`). */
  readonly category?: { readonly system?: string; readonly code: string };
};

/** A scope that grants no data by itself (`openid`, `fhirUser`, `launch/patient`, `offline_access`, …). */
export type ClaimScope = { readonly kind: 'claim'; readonly text: string };

/** One SMART App Launch scope (v2 syntax; v1 `.read`/`.write`/`.*` are accepted and translated). */
export type SmartScope = ResourceScope | ClaimScope;

const claimScopes = new Set([
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'launch/encounter',
  'offline_access',
  'online_access',
]);
const v1Permissions: Record<string, string> = { read: 'rs', write: 'cud', '*': 'cruds' };
const resourcePattern = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]{0,63})\.([a-z*]+)(?:\?(.*))?$/;
const permissionOrder = /^c?r?u?d?s?$/;

const letterOf: Record<FhirInteraction, string> = {
  create: 'c',
  read: 'r',
  vread: 'r',
  'history-instance': 'r',
  update: 'u',
  patch: 'u',
  delete: 'd',
  search: 's',
  'history-type': 's',
};

function parseCategory(text: string, query: string): ResourceScope['category'] {
  const parts = query.split('&');
  const [name, raw, ...extra] = (parts[0] ?? '').split('=');
  if (parts.length !== 1 || name !== 'category' || raw === undefined || raw === '' || extra.length > 0) {
    throw new InvalidScopeError(
      `Scope '${text}' narrows by '${query}'; only a single ?category=… is supported`,
    );
  }
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw new InvalidScopeError(`Scope '${text}' has a badly encoded category`);
  }
  const bar = value.indexOf('|');
  if (bar < 0) return { code: value };
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  if (code === '') throw new InvalidScopeError(`Scope '${text}' names a category system without a code`);
  return system === '' ? { code } : { system, code };
}

function parseScope(text: string): SmartScope {
  if (claimScopes.has(text)) return { kind: 'claim', text };
  const match = resourcePattern.exec(text);
  if (!match) {
    throw new InvalidScopeError(`Scope '${text}' is not a SMART scope`, {
      details: ['Expected e.g. patient/Observation.rs, user/*.cruds, system/*.rs, openid or fhirUser'],
    });
  }
  const [, context, resourceType, perms, query] = match as unknown as [
    string,
    ScopeContext,
    string,
    string,
    string?,
  ];
  const permissions = v1Permissions[perms] ?? perms;
  if (permissions === '' || permissions.includes('*') || !permissionOrder.test(permissions)) {
    throw new InvalidScopeError(
      `Scope '${text}' has permissions '${perms}'; use letters of 'cruds' in that order`,
    );
  }
  if (query !== undefined && perms in v1Permissions) {
    throw new InvalidScopeError(`Scope '${text}' mixes SMART v1 permissions with a v2 query`);
  }
  const category = query === undefined ? undefined : parseCategory(text, query);
  return {
    kind: 'resource',
    text,
    context,
    resourceType,
    permissions,
    ...(category === undefined ? {} : { category }),
  };
}

/**
 * Parses an OAuth2 `scope` value (space-separated, RFC 6749 §3.3) into SMART scopes, dropping duplicates.
 * Anything unknown is an `InvalidScopeError`, never silently ignored.
 *
 * @example
 * parseScopes('openid fhirUser user/Observation.rs?category=laboratory system/*.rs')
 */
export function parseScopes(scope: string): SmartScope[] {
  const seen = new Set<string>();
  const scopes: SmartScope[] = [];
  for (const text of scope.split(/\s+/)) {
    if (text === '' || seen.has(text)) continue;
    seen.add(text);
    scopes.push(parseScope(text));
  }
  return scopes;
}

/** The scopes back as one `scope` string. */
export function formatScopes(scopes: readonly SmartScope[]): string {
  return scopes.map((scope) => scope.text).join(' ');
}

function categoryMatches(
  wanted: NonNullable<ResourceScope['category']>,
  categories: readonly CategoryCoding[],
): boolean {
  return categories.some(
    (coding) =>
      coding.code === wanted.code && (wanted.system === undefined || coding.system === wanted.system),
  );
}

/** Options of `scopeAllows`. */
export type ScopeCheck = {
  /** Only scopes of these contexts count (e.g. a practitioner's request: `user` and `system`). Default: all. */
  contexts?: readonly ScopeContext[];
  /**
   * The categories of the resource at hand. A category-narrowed scope allows a resource only when one of its
   * categories matches; without categories it allows nothing (so a search must filter by category itself).
   */
  categories?: readonly CategoryCoding[];
};

/**
 * Whether any scope permits `interaction` on `resourceType` (SMART v2: `r` covers read, vread and instance
 * history; `s` covers search and type history). Scopes bound the client; consent still decides per record.
 */
export function scopeAllows(
  scopes: readonly SmartScope[],
  resourceType: string,
  interaction: FhirInteraction,
  check: ScopeCheck = {},
): boolean {
  const letter = letterOf[interaction];
  return scopes.some(
    (scope) =>
      scope.kind === 'resource' &&
      (check.contexts === undefined || check.contexts.includes(scope.context)) &&
      (scope.resourceType === '*' || scope.resourceType === resourceType) &&
      scope.permissions.includes(letter) &&
      (scope.category === undefined || categoryMatches(scope.category, check.categories ?? [])),
  );
}

/** Whether `granted` covers everything `requested` asks for (used to cap a client at its registered scopes). */
export function scopeIncludes(granted: SmartScope, requested: SmartScope): boolean {
  if (granted.kind === 'claim' || requested.kind === 'claim') return granted.text === requested.text;
  if (granted.context !== requested.context) return false;
  if (granted.resourceType !== '*' && granted.resourceType !== requested.resourceType) return false;
  if (![...requested.permissions].every((letter) => granted.permissions.includes(letter))) return false;
  if (granted.category === undefined) return true;
  return (
    requested.category !== undefined &&
    requested.category.code === granted.category.code &&
    requested.category.system === granted.category.system
  );
}
