import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSupportedResourceType } from './supportedResourceTypes.ts';
import { type ValidationResult, validateResource } from './validateResource.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/fhir/examples-r4');
const examples = readdirSync(fixtures)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({
    name,
    json: JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Record<string, unknown>,
  }))
  .filter((example) => isSupportedResourceType(String(example.json.resourceType)));

/** STU3 content among the examples (see the fixtures' PROVENANCE.md), and where the validator must point. */
const knownInvalid: Record<string, string> = {
  'diagnosticReport__example1.json': 'DiagnosticReport.contained[0]',
  'diagnosticReport__example2.json': 'DiagnosticReport.contained[25]',
};
const validExamples = examples.filter((example) => !(example.name in knownInvalid));

/** Required elements (min 1) of each supported type present among the examples. */
const requiredElements: Record<string, string[]> = {
  AllergyIntolerance: ['patient'],
  Condition: ['subject'],
  DiagnosticReport: ['status', 'code'],
  DocumentReference: ['status', 'content'],
  Encounter: ['status', 'class'],
  Immunization: ['status', 'vaccineCode', 'patient'],
  MedicationDispense: ['status'],
  MedicationRequest: ['status', 'intent', 'subject'],
  Observation: ['status', 'code'],
  Procedure: ['status', 'subject'],
};

function failure(result: ValidationResult) {
  if (result.ok) throw new Error('expected the resource to be refused');
  return { status: result.status, issues: result.outcome.issue ?? [] };
}

function expressions(result: ValidationResult): string[] {
  return failure(result).issues.flatMap((issue) => issue.expression ?? []);
}

describe('validateResource on the R4 examples', () => {
  it('covers every supported-type example in the fixtures', () => {
    expect(examples).toHaveLength(40);
    expect(new Set(examples.map((example) => example.json.resourceType)).size).toBe(14);
  });

  it.each(validExamples.map((example) => [example.name, example.json] as const))(
    'accepts %s',
    (_name, json) => {
      const result = validateResource(json);
      expect(result.ok ? [] : result.outcome.issue).toEqual([]);
      if (result.ok) expect(result.resource).toBe(json);
    },
  );

  it.each(Object.entries(knownInvalid))('refuses STU3 content in %s at %s', (name, expression) => {
    const example = examples.find((candidate) => candidate.name === name);
    const result = validateResource(example?.json);
    expect(failure(result).status).toBe(400);
    expect(expressions(result)).toEqual([expression]);
    expect(failure(result).issues[0]?.diagnostics).toMatch(
      /ProcedureRequest is STU3, R4 uses ServiceRequest/,
    );
  });

  it.each(validExamples.map((example) => [example.name, example.json] as const))(
    'refuses broken variants of %s at the right element',
    (_name, json) => {
      const type = String(json.resourceType);
      const unknown = validateResource({ ...json, favouriteColour: 'blue' });
      expect(expressions(unknown)).toEqual([`${type}.favouriteColour`]);
      expect(failure(unknown).issues[0]?.diagnostics).toMatch(/favouriteColour/);

      const wrongType = validateResource({ ...json, id: 42 });
      expect(expressions(wrongType)).toEqual([`${type}.id`]);
      expect(failure(wrongType).issues[0]?.diagnostics).toMatch(/expected string, but got number/);

      const badDate = validateResource({ ...json, meta: { lastUpdated: 'yesterday' } });
      expect(expressions(badDate)).toEqual([`${type}.meta.lastUpdated`]);
      expect(failure(badDate).issues[0]?.code).toBe('structure');

      if (typeof json.status === 'string') {
        const badCode = validateResource({ ...json, status: 'not-a-status' });
        expect(expressions(badCode)).toEqual([`${type}.status`]);
        expect(failure(badCode).issues[0]?.code).toBe('code-invalid');
      }

      for (const element of requiredElements[type] ?? []) {
        const { [element]: _removed, ...missing } = json;
        const result = validateResource(missing);
        expect(expressions(result), `${type}.${element}`).toContain(`${type}.${element}`);
        expect(
          failure(result).issues.find((i) => i.expression?.[0] === `${type}.${element}`)?.diagnostics,
        ).toMatch(/Missing required property/);
      }
    },
  );
});

describe('validateResource edge cases', () => {
  it('refuses what is not a resource object, with an actionable message', () => {
    for (const body of [null, 42, 'Patient', [{ resourceType: 'Patient' }]]) {
      expect(failure(validateResource(body)).issues[0]?.diagnostics).toBe(
        'A FHIR resource must be a JSON object',
      );
    }
    expect(expressions(validateResource({ name: [{ family: 'X' }] }))).toEqual(['resourceType']);
    expect(failure(validateResource({ resourceType: 'Patiant' })).issues[0]?.diagnostics).toBe(
      "Unknown FHIR R4 resource type 'Patiant'",
    );
  });

  it('refuses a known but unsupported type, and a body of another type than the URL names', () => {
    const bundle = failure(validateResource({ resourceType: 'Bundle', type: 'collection' }));
    expect(bundle.issues[0]?.code).toBe('not-supported');
    expect(
      validateResource({ resourceType: 'Bundle', type: 'collection' }, { anyResourceType: true }).ok,
    ).toBe(true);
    const mismatch = failure(validateResource({ resourceType: 'Patient' }, { resourceType: 'Observation' }));
    expect(mismatch.issues[0]?.diagnostics).toBe('Expected a Observation but the body is a Patient');
  });

  it('checks the id pattern and FHIR’s ban on empty values', () => {
    expect(expressions(validateResource({ resourceType: 'Patient', id: 'a b' }))).toEqual(['Patient.id']);
    expect(expressions(validateResource({ resourceType: 'Patient', id: 'x'.repeat(65) }))).toEqual([
      'Patient.id',
    ]);
    expect(validateResource({ resourceType: 'Patient', id: 'A-z.09' }).ok).toBe(true);
    expect(expressions(validateResource({ resourceType: 'Patient', name: [], gender: '' }))).toEqual([
      'Patient.name',
      'Patient.gender',
    ]);
    expect(expressions(validateResource({ resourceType: 'Patient', name: [{}] }))).toEqual([
      'Patient.name[0]',
    ]);
  });

  it('points at nested elements and choice types', () => {
    const observation = { resourceType: 'Observation', status: 'final', code: { text: 'Hb' } };
    expect(expressions(validateResource({ ...observation, valueQuantity: { value: '12' } }))).toEqual([
      'Observation.value[x].value',
    ]);
    expect(expressions(validateResource({ resourceType: 'Patient', birthDate: '1990-13-45' }))).toEqual([
      'Patient.birthDate',
    ]);
    expect(expressions(validateResource({ resourceType: 'Patient', active: null }))).toEqual([
      'Patient.active',
    ]);
  });

  it('reports every error at once, each with severity, code, diagnostics and expression', () => {
    const result = validateResource({
      resourceType: 'Observation',
      code: { text: 'x' },
      foo: 1,
      issued: 'soon',
    });
    const { status, issues } = failure(result);
    expect(status).toBe(400);
    expect(issues.length).toBeGreaterThanOrEqual(3);
    for (const issue of issues) {
      expect(issue.severity).toBe('error');
      expect(issue.code).toBeTruthy();
      expect(issue.diagnostics).toMatch(/ at Observation\./);
      expect(issue.expression?.[0]).toMatch(/^Observation\./);
    }
  });

  it('checks codes against required value sets, offline, nested and contained too', () => {
    const observation = { resourceType: 'Observation', status: 'done', code: { text: 'Hb' } };
    const result = validateResource(observation);
    expect(expressions(result)).toEqual(['Observation.status']);
    expect(failure(result).issues[0]?.diagnostics).toMatch(
      /'done' is not in the required value set .*observation-status/,
    );
    expect(failure(result).issues[0]?.diagnostics).toMatch(/allowed: registered, preliminary, final/);
    const nested = validateResource({
      ...observation,
      status: 'final',
      valueQuantity: { value: 1, comparator: '~' },
      contained: [{ resourceType: 'Patient', id: 'p', gender: 'mal' }],
    });
    expect(expressions(nested).sort()).toEqual([
      'Observation.contained[0].gender',
      'Observation.valueQuantity.comparator',
    ]);
    // MIME types (BCP 13) cannot be expanded offline: not guessed at, so accepted.
    expect(validateResource({ resourceType: 'Binary', contentType: 'application/x-anything' }).ok).toBe(true);
  });

  it('returns warnings beside a valid resource', () => {
    const result = validateResource({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      subject: { reference: 'Organization/1' },
    });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.warnings.map((w) => [w.severity, w.expression?.[0]])).toEqual([
        ['warning', 'Observation.subject'],
      ]);
  });
});
