import { type FhirOutcome, operationOutcome } from '../../fhir/operationOutcome.ts';
import { describeEpcisIssue, type EpcisIssue } from './EpcisIssue.ts';

/** A refused EPCIS capture as the 400 OperationOutcome the API returns: one issue per problem, located by its path. */
export function epcisIssuesOutcome(issues: readonly EpcisIssue[]): FhirOutcome {
  return operationOutcome(
    400,
    ...issues.map((issue) => ({
      code: issue.code,
      diagnostics: describeEpcisIssue(issue),
      ...(issue.path === '' ? {} : { expression: [issue.path] }),
    })),
  );
}
