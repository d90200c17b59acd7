import { describe, expect, it } from 'vitest';
import { operationOutcome, outcomes } from './operationOutcome.ts';

describe('operationOutcome', () => {
  it('builds an OperationOutcome with error severity by default and keeps the expression', () => {
    expect(
      operationOutcome(400, { code: 'invalid', diagnostics: 'Bad', expression: ['Patient.id'] }),
    ).toEqual({
      status: 400,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'invalid', diagnostics: 'Bad', expression: ['Patient.id'] }],
      },
    });
  });

  it('maps the common failures to their FHIR HTTP status and issue code', () => {
    const cases = [
      [outcomes.notFound('Patient', '1'), 404, 'not-found', 'Patient/1 not found'],
      [outcomes.gone('Patient', '1'), 410, 'deleted', 'Patient/1 was deleted'],
      [outcomes.invalid('Bad'), 400, 'invalid', 'Bad'],
      [
        outcomes.malformedJson('Unexpected token'),
        400,
        'structure',
        'Request body is not valid JSON: Unexpected token',
      ],
      [outcomes.tooLarge(1024), 413, 'too-long', 'Request body exceeds the limit of 1024 bytes'],
      [outcomes.forbidden('No consent'), 403, 'forbidden', 'No consent'],
      [outcomes.unauthorized(), 401, 'login', 'A valid bearer token is required'],
      [outcomes.unsupportedResourceType('Foo'), 404, 'not-supported', expect.stringContaining("'Foo'")],
      [
        outcomes.versionConflict('Patient', '1', '2', '3'),
        412,
        'conflict',
        expect.stringContaining('current version is 3'),
      ],
      [outcomes.conflict('Exists'), 409, 'conflict', 'Exists'],
      [outcomes.missingPurposeOfUse(['TREAT']), 400, 'required', expect.stringContaining('X-Purpose-Of-Use')],
      [
        outcomes.unsupportedMediaType('text/plain'),
        415,
        'not-supported',
        expect.stringContaining('text/plain'),
      ],
      [
        outcomes.methodNotAllowed('PATCH', '/fhir/R4/Patient'),
        405,
        'not-supported',
        expect.stringContaining('PATCH'),
      ],
      [outcomes.tooManyRequests(), 429, 'throttled', expect.any(String)],
      [outcomes.serverError(), 500, 'exception', 'Internal server error'],
    ] as const;
    for (const [result, status, code, diagnostics] of cases) {
      expect(result.status).toBe(status);
      expect(result.outcome.issue?.[0]).toMatchObject({ severity: 'error', code, diagnostics });
    }
    expect(outcomes.ok().outcome.issue?.[0]?.severity).toBe('information');
    expect(outcomes.created('Patient/1/_history/1').status).toBe(201);
    expect(outcomes.idMismatch('1', '2').outcome.issue?.[0]?.expression).toEqual(['id']);
  });

  it('reports each unknown search parameter as its own issue', () => {
    const result = outcomes.unknownSearchParameters('Patient', ['foo', 'bar']);
    expect(result.status).toBe(400);
    expect(result.outcome.issue?.map((issue) => issue.diagnostics)).toEqual([
      "Unknown search parameter 'foo' for Patient",
      "Unknown search parameter 'bar' for Patient",
    ]);
  });
});
