import {
  isResourceType,
  OperationOutcomeError,
  validateResource as validateWithMedplum,
} from '@medplum/core';
import type { OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from './loadFhirDefinitions.ts';
import { type FhirOutcome, type OutcomeIssue, operationOutcome } from './operationOutcome.ts';
import { requiredBindingIssues } from './requiredBindingIssues.ts';
import { isSupportedResourceType, SUPPORTED_RESOURCE_TYPES } from './supportedResourceTypes.ts';

/** A valid resource (with any warnings worth showing), or an outcome with its HTTP status. */
export type ValidationResult =
  | { ok: true; resource: Resource; warnings: OperationOutcomeIssue[] }
  | ({ ok: false } & FhirOutcome);

/** What the caller knows beyond the body. */
export type ValidateResourceOptions = {
  /** The type named by the URL (`PUT /fhir/R4/Patient/1`); a body of another type is refused. */
  resourceType?: string;
  /** Accept any R4 type at the top, not only `SUPPORTED_RESOURCE_TYPES` (contained resources may always be any). */
  anyResourceType?: boolean;
};

/** R4 renamed or replaced these STU3 types; naming the successor turns a puzzle into a fix. */
const STU3_SUCCESSORS: Readonly<Record<string, string>> = {
  ProcedureRequest: 'ServiceRequest',
  ReferralRequest: 'ServiceRequest',
  EligibilityRequest: 'CoverageEligibilityRequest',
  EligibilityResponse: 'CoverageEligibilityResponse',
  DeviceComponent: 'DeviceDefinition',
  ProcessRequest: 'Task',
  ProcessResponse: 'Task',
};

function unknownTypeMessage(type: string): string {
  const successor = STU3_SUCCESSORS[type];
  const hint = successor ? `; ${type} is STU3, R4 uses ${successor}` : '';
  return `Unknown FHIR R4 resource type '${type}'${hint}`;
}

/** FHIR R4 `id` (datatypes.html#id). */
const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

/** FHIR JSON never has `""`, `[]` or `{}` (json.html §2.6.2); report each with its path. */
function emptyValueIssues(value: unknown, path: string, issues: OutcomeIssue[] = []): OutcomeIssue[] {
  if (issues.length >= 20) return issues;
  if (value === '' || (Array.isArray(value) && value.length === 0)) {
    issues.push({
      code: 'structure',
      diagnostics: `Empty value at ${path}; omit the element instead`,
      expression: [path],
    });
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) emptyValueIssues(item, `${path}[${index}]`, issues);
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) {
      issues.push({
        code: 'structure',
        diagnostics: `Empty object at ${path}; omit the element instead`,
        expression: [path],
      });
    }
    for (const [key, child] of entries) emptyValueIssues(child, `${path}.${key}`, issues);
  }
  return issues;
}

function toOutcomeIssue(issue: OperationOutcomeIssue): OutcomeIssue {
  return {
    severity: issue.severity,
    code: issue.code,
    diagnostics: issue.diagnostics ?? '',
    ...(issue.expression ? { expression: issue.expression } : {}),
  };
}

function refuse(...issues: OutcomeIssue[]): ValidationResult {
  return { ok: false, ...operationOutcome(400, ...issues) };
}

/** medplum puts its message in `details.text` and constraint FHIRPath in `diagnostics`; we want one readable line. */
function readableIssue(issue: OperationOutcomeIssue): OperationOutcomeIssue {
  const message = issue.details?.text ?? issue.diagnostics ?? 'Invalid resource';
  let fhirpath: string | undefined;
  if (issue.diagnostics && issue.details?.text) {
    try {
      fhirpath = (JSON.parse(issue.diagnostics) as { fhirpath?: string }).fhirpath;
    } catch {
      fhirpath = issue.diagnostics;
    }
  }
  const where = issue.expression?.length ? ` at ${issue.expression.join(', ')}` : '';
  return { ...issue, diagnostics: `${message}${where}${fhirpath ? ` (FHIRPath: ${fhirpath})` : ''}` };
}

/**
 * Validates a parsed JSON body as a FHIR R4 resource with `@medplum/core`'s validator against the official
 * definitions, fully offline. Every problem comes back as an `OperationOutcome` issue with severity, code,
 * `diagnostics` a developer can act on, and the FHIRPath `expression` of the offending element; status 400.
 */
export function validateResource(json: unknown, options: ValidateResourceOptions = {}): ValidationResult {
  loadFhirDefinitions();
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return refuse({ code: 'structure', diagnostics: 'A FHIR resource must be a JSON object' });
  }
  const { resourceType, contained } = json as { resourceType?: unknown; contained?: unknown };
  if (typeof resourceType !== 'string' || resourceType === '') {
    return refuse({ code: 'required', diagnostics: 'Missing resourceType', expression: ['resourceType'] });
  }
  if (!isResourceType(resourceType)) {
    return refuse({
      code: 'invalid',
      diagnostics: unknownTypeMessage(resourceType),
      expression: ['resourceType'],
    });
  }
  if (options.resourceType !== undefined && options.resourceType !== resourceType) {
    return refuse({
      code: 'invalid',
      diagnostics: `Expected a ${options.resourceType} but the body is a ${resourceType}`,
      expression: ['resourceType'],
    });
  }
  if (!options.anyResourceType && !isSupportedResourceType(resourceType)) {
    return refuse({
      code: 'not-supported',
      diagnostics: `Resource type ${resourceType} is not supported; supported: ${SUPPORTED_RESOURCE_TYPES.join(', ')}`,
      expression: ['resourceType'],
    });
  }
  // Checks medplum 4.5 leaves out: the id pattern, and FHIR's ban on empty strings, arrays and objects.
  const shapeIssues = emptyValueIssues(json, resourceType);
  const id = (json as { id?: unknown }).id;
  if (typeof id === 'string' && !ID_PATTERN.test(id)) {
    shapeIssues.unshift({
      code: 'value',
      diagnostics: `Invalid id '${id.slice(0, 80)}': 1 to 64 characters from A-Z, a-z, 0-9, '-' and '.'`,
      expression: [`${resourceType}.id`],
    });
  }
  if (shapeIssues.length > 0) return refuse(...shapeIssues);
  // medplum stops at an unknown contained type without saying where; find them all first.
  if (Array.isArray(contained)) {
    const issues: OutcomeIssue[] = [];
    contained.forEach((entry: unknown, index) => {
      const type = (entry as { resourceType?: unknown } | null)?.resourceType;
      if (typeof type !== 'string' || !isResourceType(type)) {
        issues.push({
          code: 'invalid',
          diagnostics: unknownTypeMessage(String(type)),
          expression: [`${resourceType}.contained[${index}]`],
        });
      }
    });
    if (issues.length > 0) return refuse(...issues);
  }
  try {
    const warnings = validateWithMedplum(json as Resource).map(readableIssue);
    const badCodes = requiredBindingIssues(json as Resource);
    if (badCodes.length > 0) return { ok: false, ...operationOutcome(400, ...badCodes.map(toOutcomeIssue)) };
    return { ok: true, resource: json as Resource, warnings };
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      const outcome: OperationOutcome = {
        ...error.outcome,
        issue: (error.outcome.issue ?? []).map(readableIssue),
      };
      return { ok: false, status: 400, outcome };
    }
    // Unexpected validator failures are still the body's fault here, never a 500.
    return refuse({
      code: 'invalid',
      diagnostics: `Resource could not be validated: ${(error as Error).message}`,
    });
  }
}
