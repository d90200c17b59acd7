import type { Hex } from 'viem';
import {
  categoryScope,
  recordScope,
  resourceTypeScope,
  ScopeKind,
  type ScopeKindValue,
} from './scopeValues.ts';

/** The plain text behind a scope value: a resource type, a category coding or a record reference. */
export type ScopeLabel =
  | { kind: typeof ScopeKind.ResourceTypes; resourceType: string }
  | { kind: typeof ScopeKind.Categories; system: string; code: string }
  | { kind: typeof ScopeKind.Records; resourceType: string; id: string };

/** The scope value (hash) of a label, as the contract stores it. */
export function scopeValueOf(label: ScopeLabel): Hex {
  if (label.kind === ScopeKind.ResourceTypes) return resourceTypeScope(label.resourceType);
  if (label.kind === ScopeKind.Categories) return categoryScope(label.system, label.code);
  return recordScope(label.resourceType, label.id);
}

/** The string that is hashed: `Observation`, `system|code` or `Observation/id`. */
export function scopeLabelText(label: ScopeLabel): string {
  if (label.kind === ScopeKind.ResourceTypes) return label.resourceType;
  if (label.kind === ScopeKind.Categories) return `${label.system}|${label.code}`;
  return `${label.resourceType}/${label.id}`;
}

/** Reads `scopeLabelText` back; undefined when the text does not fit the kind. */
export function parseScopeLabel(kind: ScopeKindValue, text: string): ScopeLabel | undefined {
  if (kind === ScopeKind.ResourceTypes) return { kind, resourceType: text };
  const at = text.indexOf(kind === ScopeKind.Categories ? '|' : '/');
  if (at < 0) return undefined;
  if (kind === ScopeKind.Categories) return { kind, system: text.slice(0, at), code: text.slice(at + 1) };
  return { kind: ScopeKind.Records, resourceType: text.slice(0, at), id: text.slice(at + 1) };
}
