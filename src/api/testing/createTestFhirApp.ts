import type { AccessPolicy } from '../../records/service/AccessPolicy.ts';
import { createTestVault } from '../../records/service/testing/createTestVault.ts';
import type { RecordStore } from '../../records/store/RecordStore.ts';
import type { Authenticate } from '../Authenticate.ts';
import { createFhirApp } from '../createFhirApp.ts';

/** A fake authenticator for tests: `Authorization: Bearer test:<subject>` is that subject with every scope. */
export const testAuthenticate: Authenticate = (request) => {
  const match = /^Bearer test:(.+)$/.exec(request.headers.get('Authorization') ?? '');
  return match?.[1]
    ? { subject: match[1], scopes: ['user/*.cruds'] }
    : { rejected: 'A valid bearer token is required' };
};

/** Headers of an authenticated clinician requesting for treatment. */
export const clinicianHeaders = {
  Authorization: 'Bearer test:Practitioner/dr-who',
  'X-Purpose-Of-Use': 'TREAT',
} as const;

/** The FHIR app over a test vault, and a `call` helper that speaks FHIR JSON as a clinician. */
export function createTestFhirApp(
  options: { store?: RecordStore; policy?: AccessPolicy; maxBodyBytes?: number } = {},
) {
  const vault = createTestVault(options);
  const app = createFhirApp({
    service: vault.service,
    authenticate: testAuthenticate,
    limits: { maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024 },
    capability: { date: '2024-03-01T08:00:00Z' },
  });
  const call = async (
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...clinicianHeaders, ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/fhir+json';
    }
    const response = await app.request(`/fhir/R4${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const json = text
      ? (JSON.parse(text) as Record<string, unknown> & {
          issue?: { diagnostics?: string; code?: string; expression?: string[] }[];
        })
      : undefined;
    return { status: response.status, headers: response.headers, json, text };
  };
  return { app, vault, call };
}
