import type { Parameters, ParametersParameter, Resource } from '@medplum/fhirtypes';
import { outcomes } from '../fhir/operationOutcome.ts';
import { FhirOutcomeError } from '../records/service/errors.ts';

/** The named inputs of a FHIR operation's `Parameters` body, read with actionable 400s for what is wrong. */
export type OperationParameters = {
  /** A `valueString`, or undefined when the parameter is absent. */
  string(name: string): string | undefined;
  /** A `valueInteger` / `valuePositiveInt` / `valueUnsignedInt`, or undefined when absent. */
  integer(name: string): number | undefined;
  /** A `resource`, or undefined when absent. */
  resource(name: string): Resource | undefined;
};

/**
 * Reads an operation's `Parameters` body (FHIR operations.html §2.1.0.1): each name at most once, unknown names
 * refused so a misspelt input is not silently ignored.
 */
export function operationParameters(
  operation: string,
  body: unknown,
  known: readonly string[],
): OperationParameters {
  const parameters = body as Parameters | undefined;
  if (parameters?.resourceType !== 'Parameters') {
    throw new FhirOutcomeError(
      outcomes.invalid(`${operation} takes a Parameters resource, not ${describe(body)}`),
    );
  }
  const byName = new Map<string, ParametersParameter>();
  for (const parameter of parameters.parameter ?? []) {
    if (!known.includes(parameter.name)) {
      throw new FhirOutcomeError(
        outcomes.invalid(`${operation} has no parameter '${parameter.name}' (known: ${known.join(', ')})`),
      );
    }
    if (byName.has(parameter.name))
      throw new FhirOutcomeError(outcomes.invalid(`${operation}: parameter '${parameter.name}' is repeated`));
    byName.set(parameter.name, parameter);
  }
  const wrongType = (name: string, type: string) =>
    new FhirOutcomeError(outcomes.invalid(`${operation}: parameter '${name}' must be a ${type}`));
  return {
    string(name) {
      const parameter = byName.get(name);
      if (parameter === undefined) return undefined;
      if (typeof parameter.valueString !== 'string') throw wrongType(name, 'valueString');
      return parameter.valueString;
    },
    integer(name) {
      const parameter = byName.get(name);
      if (parameter === undefined) return undefined;
      const value = parameter.valueInteger ?? parameter.valuePositiveInt ?? parameter.valueUnsignedInt;
      if (!Number.isSafeInteger(value)) throw wrongType(name, 'valueInteger');
      return value;
    },
    resource(name) {
      const parameter = byName.get(name);
      if (parameter === undefined) return undefined;
      if (parameter.resource === undefined) throw wrongType(name, 'resource');
      return parameter.resource;
    },
  };
}

function describe(body: unknown): string {
  const type = (body as { resourceType?: unknown } | null)?.resourceType;
  return typeof type === 'string' ? `a ${type}` : 'this body';
}
