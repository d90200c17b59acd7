import { describe, expect, it } from 'vitest';
import { formatScopes, InvalidScopeError, parseScopes, scopeAllows, scopeIncludes } from './smartScopes.ts';

const lab = 'http://terminology.hl7.org/CodeSystem/observation-category';

describe('parseScopes', () => {
  it('parses SMART v2 resource scopes, claim scopes and a category-narrowed scope', () => {
    const scopes = parseScopes(
      `openid fhirUser  patient/Observation.rs user/*.cruds system/*.rs patient/Observation.rs?category=${lab}|laboratory`,
    );
    expect(scopes).toEqual([
      { kind: 'claim', text: 'openid' },
      { kind: 'claim', text: 'fhirUser' },
      {
        kind: 'resource',
        text: 'patient/Observation.rs',
        context: 'patient',
        resourceType: 'Observation',
        permissions: 'rs',
      },
      { kind: 'resource', text: 'user/*.cruds', context: 'user', resourceType: '*', permissions: 'cruds' },
      { kind: 'resource', text: 'system/*.rs', context: 'system', resourceType: '*', permissions: 'rs' },
      {
        kind: 'resource',
        text: `patient/Observation.rs?category=${lab}|laboratory`,
        context: 'patient',
        resourceType: 'Observation',
        permissions: 'rs',
        category: { system: lab, code: 'laboratory' },
      },
    ]);
  });

  it('translates SMART v1 permissions and drops duplicates', () => {
    const scopes = parseScopes('user/Patient.read user/Patient.read user/Observation.write system/*.*');
    expect(scopes.map((s) => (s.kind === 'resource' ? s.permissions : s.text))).toEqual([
      'rs',
      'cud',
      'cruds',
    ]);
    expect(formatScopes(scopes)).toBe('user/Patient.read user/Observation.write system/*.*');
  });

  it.each([
    ['admin/*.rs', 'unknown context'],
    ['user/Observation.sr', 'permissions out of order'],
    ['user/Observation.rr', 'repeated permission'],
    ['user/Observation.x', 'unknown permission'],
    ['user/observation.rs', 'lower-case type'],
    ['user/Observation.rs?code=1234', 'unsupported query'],
    ['user/Observation.rs?category=a&category=b', 'two queries'],
    ['user/Observation.read?category=a', 'v1 with a query'],
    ['user/Observation.rs?category=sys|', 'system without code'],
    ['launch/everything', 'unknown claim'],
  ])('rejects %s (%s)', (scope) => {
    expect(() => parseScopes(scope)).toThrow(InvalidScopeError);
  });
});

describe('scopeAllows', () => {
  it('maps interactions onto c r u d s', () => {
    const scopes = parseScopes('user/Observation.rs user/Patient.c');
    expect(scopeAllows(scopes, 'Observation', 'read')).toBe(true);
    expect(scopeAllows(scopes, 'Observation', 'vread')).toBe(true);
    expect(scopeAllows(scopes, 'Observation', 'history-instance')).toBe(true);
    expect(scopeAllows(scopes, 'Observation', 'search')).toBe(true);
    expect(scopeAllows(scopes, 'Observation', 'history-type')).toBe(true);
    expect(scopeAllows(scopes, 'Observation', 'create')).toBe(false);
    expect(scopeAllows(scopes, 'Observation', 'update')).toBe(false);
    expect(scopeAllows(scopes, 'Observation', 'delete')).toBe(false);
    expect(scopeAllows(scopes, 'Patient', 'create')).toBe(true);
    expect(scopeAllows(scopes, 'Patient', 'read')).toBe(false);
    expect(scopeAllows(scopes, 'Condition', 'read')).toBe(false);
  });

  it('lets * stand for every type, and restricts by context when asked', () => {
    const scopes = parseScopes('patient/*.rs');
    expect(scopeAllows(scopes, 'Condition', 'read')).toBe(true);
    expect(scopeAllows(scopes, 'Condition', 'read', { contexts: ['user', 'system'] })).toBe(false);
    expect(scopeAllows(scopes, 'Condition', 'patch')).toBe(false);
  });

  it('allows a category-narrowed scope only for a resource in that category', () => {
    const scopes = parseScopes(`user/Observation.rs?category=${lab}|laboratory`);
    expect(scopeAllows(scopes, 'Observation', 'read')).toBe(false);
    expect(
      scopeAllows(scopes, 'Observation', 'read', { categories: [{ system: lab, code: 'vital-signs' }] }),
    ).toBe(false);
    expect(
      scopeAllows(scopes, 'Observation', 'read', { categories: [{ system: 'other', code: 'laboratory' }] }),
    ).toBe(false);
    expect(
      scopeAllows(scopes, 'Observation', 'read', {
        categories: [
          { system: lab, code: 'vital-signs' },
          { system: lab, code: 'laboratory' },
        ],
      }),
    ).toBe(true);
    const anySystem = parseScopes('user/Observation.rs?category=laboratory');
    expect(
      scopeAllows(anySystem, 'Observation', 'read', { categories: [{ system: 'x', code: 'laboratory' }] }),
    ).toBe(true);
  });

  it('grants nothing from claim scopes', () => {
    expect(scopeAllows(parseScopes('openid fhirUser launch/patient'), 'Patient', 'read')).toBe(false);
  });
});

describe('scopeIncludes', () => {
  const one = (text: string) => {
    const [scope] = parseScopes(text);
    if (!scope) throw new Error('no scope');
    return scope;
  };
  it('covers narrower requests and nothing wider', () => {
    expect(scopeIncludes(one('system/*.rs'), one('system/Observation.r'))).toBe(true);
    expect(scopeIncludes(one('system/*.rs'), one('system/Observation.rs?category=laboratory'))).toBe(true);
    expect(scopeIncludes(one('system/*.rs'), one('system/Observation.c'))).toBe(false);
    expect(scopeIncludes(one('system/*.rs'), one('user/Observation.r'))).toBe(false);
    expect(scopeIncludes(one('system/Patient.rs'), one('system/*.r'))).toBe(false);
    expect(
      scopeIncludes(one('system/Observation.rs?category=laboratory'), one('system/Observation.rs')),
    ).toBe(false);
    expect(scopeIncludes(one('openid'), one('openid'))).toBe(true);
    expect(scopeIncludes(one('openid'), one('fhirUser'))).toBe(false);
  });
});
