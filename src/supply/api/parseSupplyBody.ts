import type { z } from 'zod';
import { InvalidSupplyRequestError } from '../service/supplyServiceErrors.ts';

/** Validates a request body with `schema`; every problem is named by its path in one 400 refusal. */
export function parseSupplyBody<T extends z.ZodTypeAny>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new InvalidSupplyRequestError(
    parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '),
  );
}
