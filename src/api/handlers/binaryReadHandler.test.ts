import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BinaryAttachments } from '../../records/attachments/BinaryAttachments.ts';
import type { AccessDecision, AccessPolicy, AccessRequest } from '../../records/service/AccessPolicy.ts';
import { patientsOf } from '../../records/service/patientsOf.ts';
import { createTestVault } from '../../records/service/testing/createTestVault.ts';
import { MemoryBlobStore } from '../../records/store/MemoryBlobStore.ts';
import { createFhirApp } from '../createFhirApp.ts';
import { clinicianHeaders, testAuthenticate } from '../testing/createTestFhirApp.ts';

const DICOM = readFileSync(join(import.meta.dirname, '../../../test/fixtures/dicom/MR_small.dcm'));
const LIMIT = 1024 * 1024;

/** A PDF-shaped document of `size` bytes (header, binary body, trailer). */
function pdfLike(size: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
  const tail = Buffer.from('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

/** Refuses reads for the outsider when the record is Patient/secret's, or is DocumentReference/private. */
class OutsiderPolicy implements AccessPolicy {
  authorize(ctx: { subject: string }, request: AccessRequest): AccessDecision {
    if (ctx.subject !== 'Practitioner/outsider' || request.interaction !== 'read')
      return { decision: 'permit' };
    const own = request.resource ? patientsOf(request.resource) : [];
    if (
      own.includes('Patient/secret') ||
      `${request.resourceType}/${request.id}` === 'DocumentReference/private'
    )
      return { decision: 'deny', reason: 'no consent' };
    return { decision: 'permit' };
  }
  filterForSearch() {
    return { kind: 'unrestricted' as const };
  }
}

function setup() {
  const vault = createTestVault({ policy: new OutsiderPolicy() });
  const blobs = new MemoryBlobStore();
  const binaries = new BinaryAttachments({
    service: vault.service,
    blobs,
    keyRing: vault.keyRing,
    maxBytes: LIMIT,
  });
  const app = createFhirApp({ service: vault.service, binaries, authenticate: testAuthenticate });
  const request = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    app.request(`/fhir/R4${path}`, { ...init, headers: { ...clinicianHeaders, ...init.headers } });
  const upload = (
    bytes: Uint8Array | ReadableStream<Uint8Array>,
    type: string,
    extra: Record<string, string> = {},
  ) =>
    request('/Binary', {
      method: 'POST',
      body: bytes as RequestInit['body'],
      headers: { 'Content-Type': type, ...extra },
      ...(bytes instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit & { headers: Record<string, string> });
  return { vault, blobs, request, upload };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

describe('Binary attachments over HTTP', () => {
  it('round-trips a PDF and a DICOM file byte for byte, streamed both ways', async () => {
    const { upload, request } = setup();
    for (const [bytes, type] of [
      [pdfLike(700_000), 'application/pdf'],
      [DICOM, 'application/dicom'],
    ] as const) {
      const created = await upload(bytes, type);
      expect(created.status).toBe(201);
      const binary = (await created.json()) as { id: string; contentType: string; data?: string };
      expect(binary.contentType).toBe(type);
      expect(binary.data).toBeUndefined();
      expect(created.headers.get('Location')).toContain(`/Binary/${binary.id}/_history/1`);

      const read = await request(`/Binary/${binary.id}`, { headers: { Accept: type } });
      expect(read.status).toBe(200);
      expect(read.headers.get('Content-Type')).toBe(type);
      expect(read.headers.get('Content-Length')).toBe(String(bytes.length));
      expect(read.headers.get('Repr-Digest')).toBe(`sha-256=:${sha256(bytes).toString('base64')}:`);
      expect(read.headers.get('X-Caduceus-Anchor')).toBeTruthy();
      expect(Buffer.from(await read.arrayBuffer()).equals(bytes)).toBe(true);

      const any = await request(`/Binary/${binary.id}`, { headers: { Accept: '*/*' } });
      expect(Buffer.from(await any.arrayBuffer()).equals(bytes)).toBe(true);
    }
  });

  it('serves the Binary as FHIR JSON: small attachments inline, large ones described without data', async () => {
    const { upload, request } = setup();
    const small = (await (await upload(DICOM, 'application/dicom')).json()) as { id: string };
    const smallJson = (await (await request(`/Binary/${small.id}`)).json()) as { data?: string };
    expect(Buffer.from(smallJson.data ?? '', 'base64').equals(DICOM)).toBe(true);
    const big = (await (await upload(pdfLike(200_000), 'application/pdf')).json()) as { id: string };
    const bigRead = await request(`/Binary/${big.id}`, { headers: { Accept: 'application/fhir+json' } });
    const bigJson = (await bigRead.json()) as {
      data?: string;
      meta?: { extension?: { extension?: { url: string }[] }[] };
    };
    expect(bigRead.headers.get('Content-Type')).toMatch(/fhir\+json/);
    expect(bigJson.data).toBeUndefined();
    expect(bigJson.meta?.extension?.[0]?.extension?.map((e) => e.url)).toEqual([
      'blobVersion',
      'size',
      'sha256',
    ]);
  });

  it('refuses an oversized upload with 413 while streaming and keeps nothing', async () => {
    const { upload, blobs, vault } = setup();
    const tooBig = randomBytes(LIMIT + 1);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= tooBig.length) return controller.close();
        controller.enqueue(tooBig.subarray(sent, sent + 64 * 1024));
        sent += 64 * 1024;
      },
    });
    const streamed = await upload(stream, 'application/pdf');
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    const declared = await upload(tooBig, 'application/pdf', { 'Content-Length': String(tooBig.length) });
    expect(declared.status).toBe(413);
    expect(await blobs.blobsToRewrap('no-such-key', 10)).toEqual([]);
    expect(await vault.store.allVersions({ limit: 10 })).toEqual([]);
  });

  it('cuts the download short when a stored chunk was tampered with', async () => {
    const { upload, request, blobs } = setup();
    const bytes = pdfLike(300_000);
    const { id } = (await (await upload(bytes, 'application/pdf')).json()) as { id: string };
    const [chunk] = blobs.chunksOf({ resourceType: 'Binary', id, versionId: 1 });
    if (!chunk) throw new Error('no chunk stored');
    chunk[200_000] = (chunk[200_000] ?? 0) ^ 1;
    const read = await request(`/Binary/${id}`, { headers: { Accept: 'application/pdf' } });
    expect(read.status).toBe(200);
    await expect(read.arrayBuffer()).rejects.toThrow();
    const json = await request(`/Binary/${id}`, { headers: { Accept: 'application/fhir+json' } });
    expect(json.status).toBe(200); // too large to inline: the version itself is intact and served
  });

  it('keeps JSON Binaries working, also as native content', async () => {
    const { request } = setup();
    const data = Buffer.from('plain text attachment');
    const created = await request('/Binary', {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Binary',
        contentType: 'text/plain',
        data: data.toString('base64'),
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(((await (await request(`/Binary/${id}`)).json()) as { data: string }).data).toBe(
      data.toString('base64'),
    );
    const raw = await request(`/Binary/${id}`, { headers: { Accept: 'text/plain' } });
    expect(Buffer.from(await raw.arrayBuffer()).equals(data)).toBe(true);
    const wrong = await request(`/Binary/${id}`, { headers: { Accept: 'image/png' } });
    expect(wrong.status).toBe(406);
  });

  it('follows the consent of the security context: the patient, or the DocumentReference', async () => {
    const { upload, request } = setup();
    const outsider = { Authorization: 'Bearer test:Practitioner/outsider' };
    const put = await request('/DocumentReference/private', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'DocumentReference',
        id: 'private',
        status: 'current',
        content: [{ attachment: { contentType: 'application/dicom', url: 'Binary/later' } }],
      }),
    });
    expect(put.status).toBe(201);
    const cases = [
      ['Patient/secret', 403],
      ['DocumentReference/private', 403],
      ['Patient/open', 200],
    ] as const;
    for (const [context, status] of cases) {
      const { id } = (await (
        await upload(DICOM, 'application/dicom', { 'X-Security-Context': context })
      ).json()) as {
        id: string;
      };
      const mine = await request(`/Binary/${id}`, { headers: { Accept: 'application/dicom' } });
      expect(mine.status, context).toBe(200);
      await mine.arrayBuffer();
      const theirs = await request(`/Binary/${id}`, {
        headers: { Accept: 'application/dicom', ...outsider },
      });
      expect(theirs.status, context).toBe(status);
      await theirs.arrayBuffer();
      const theirsJson = await request(`/Binary/${id}`, { headers: outsider });
      expect(theirsJson.status, context).toBe(status);
    }
    const bad = await upload(DICOM, 'application/dicom', { 'X-Security-Context': 'Observation/1' });
    expect(bad.status).toBe(400);
  });
});
