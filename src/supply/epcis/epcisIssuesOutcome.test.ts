import { describe, expect, it } from 'vitest';
import { epcisIssuesOutcome } from './epcisIssuesOutcome.ts';

describe('epcisIssuesOutcome', () => {
  it('is a 400 OperationOutcome with one located issue per problem', () => {
    const { status, outcome } = epcisIssuesOutcome([
      { path: 'epcisBody.eventList[0].action', message: 'action is required', code: 'invalid' },
      { path: '', message: 'expected an EPCIS 2.0 document', code: 'not-supported' },
    ]);
    expect(status).toBe(400);
    expect(outcome.issue).toEqual([
      {
        severity: 'error',
        code: 'invalid',
        diagnostics: 'epcisBody.eventList[0].action: action is required',
        expression: ['epcisBody.eventList[0].action'],
      },
      { severity: 'error', code: 'not-supported', diagnostics: 'expected an EPCIS 2.0 document' },
    ]);
  });
});
