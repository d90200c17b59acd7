import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSupportedResourceType } from '../fhir/supportedResourceTypes.ts';
import { createTestFhirApp } from './testing/createTestFhirApp.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/fhir/examples-r4');
const examples = readdirSync(fixtures)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({
    name,
    json: JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Record<string, unknown>,
  }))
  .filter((example) => isSupportedResourceType(String(example.json.resourceType)));
/** STU3 content among the examples (see the fixtures' PROVENANCE.md): R4 servers must refuse it. */
const stu3 = new Set(['diagnosticReport__example1.json', 'diagnosticReport__example2.json']);
const withoutMetaAndId = ({ meta: _meta, id: _id, ...rest }: Record<string, unknown>) => rest;

describe('round trip of every supported R4 example through the API', () => {
  const { call } = createTestFhirApp({ maxBodyBytes: 4 * 1024 * 1024 });

  it('covers all 40 supported examples', () => {
    expect(examples).toHaveLength(40);
  });

  it.each(examples.filter((e) => !stu3.has(e.name)).map((e) => [e.name, e.json] as const))(
    'POST then GET %s gives it back equal apart from meta and id; PUT keeps its id',
    async (_name, json) => {
      const type = String(json.resourceType);
      const created = await call('POST', `/${type}`, { body: json });
      expect(created.status, JSON.stringify(created.json?.issue)).toBe(201);
      const read = await call('GET', `/${type}/${String(created.json?.id)}`);
      expect(read.status).toBe(200);
      expect(withoutMetaAndId(read.json ?? {})).toEqual(withoutMetaAndId(json));
      const put = await call('PUT', `/${type}/${String(json.id)}`, { body: json });
      expect(put.status).toBe(201);
      const again = await call('GET', `/${type}/${String(json.id)}`);
      expect(again.json?.id).toBe(json.id);
      expect(withoutMetaAndId(again.json ?? {})).toEqual(withoutMetaAndId(json));
    },
  );

  it.each([...stu3])('refuses the STU3 content of %s with a 400 that names it', async (name) => {
    const json = examples.find((e) => e.name === name)?.json ?? {};
    const result = await call('POST', '/DiagnosticReport', { body: json });
    expect(result.status).toBe(400);
    expect(result.json?.issue?.[0]?.diagnostics).toMatch(/ProcedureRequest is STU3, R4 uses ServiceRequest/);
  });
});
