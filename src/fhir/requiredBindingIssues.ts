import { crawlTypedValue, toTypedValue } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { valueSetCodes } from './valueSetCodes.ts';

/**
 * Checks every `code` element with a required binding (e.g. `Observation.status`, `Patient.gender`) against its
 * value set — a check `@medplum/core` 4.5's validator leaves to a terminology server. Value sets that cannot be
 * expanded offline are skipped. Returns one error issue per bad code, with its FHIRPath.
 */
export function requiredBindingIssues(resource: Resource): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  crawlTypedValue(
    toTypedValue(resource),
    {
      visitProperty(_parent, key, _path, values, schema) {
        const binding = schema.elements[key]?.binding;
        if (binding?.strength !== 'required' || !binding.valueSet) return;
        for (const value of values.flat()) {
          if (value.type !== 'code' || typeof value.value !== 'string') continue;
          const codes = valueSetCodes(binding.valueSet);
          if (!codes || codes.has(value.value)) continue;
          const allowed = [...codes].slice(0, 12).join(', ') + (codes.size > 12 ? ', …' : '');
          issues.push({
            severity: 'error',
            code: 'code-invalid',
            diagnostics: `Value '${value.value}' is not in the required value set ${binding.valueSet} at ${value.path} (allowed: ${allowed})`,
            expression: [value.path],
          });
        }
      },
    },
    { skipMissingProperties: true },
  );
  return issues;
}
