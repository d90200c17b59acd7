import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Context } from 'hono';
import { outcomes } from '../../fhir/operationOutcome.ts';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson, outcomeResponse, preferredWriteBody, versionHeaders } from '../fhirResponse.ts';
import { mediaTypeOf } from '../rawBinaryRequest.ts';

/**
 * `POST [base]/Binary` with native content (`Content-Type: application/pdf`, …): the body streams into the vault
 * as an attachment (413 beyond the attachment limit while streaming); `X-Security-Context` (FHIR's header) names
 * the patient or DocumentReference whose consent governs reading it. 201 with the Binary that describes it.
 */
export async function binaryCreateHandler(c: Context<FhirEnv>): Promise<Response> {
  const contentType = mediaTypeOf(c.req.header('Content-Type'));
  const binaries = c.var.binaries;
  if (!binaries) return outcomeResponse(outcomes.unsupportedMediaType(contentType));
  const declared = Number(c.req.header('Content-Length') ?? Number.NaN);
  const securityContext = c.req.header('X-Security-Context');
  const raw = c.req.raw.body;
  const result = await binaries.upload(c.var.access, {
    contentType,
    body: raw ? Readable.fromWeb(raw as unknown as NodeReadableStream<Uint8Array>) : Readable.from([]),
    ...(Number.isFinite(declared) ? { declaredSize: declared } : {}),
    ...(securityContext === undefined ? {} : { securityContext }),
  });
  const reference = `${result.resourceType}/${result.id}/_history/${result.versionId}`;
  const location = `${c.var.service.baseUrl}/${reference}`;
  const body = preferredWriteBody(c, result.resource, outcomes.created(reference).outcome);
  return fhirJson(201, body, versionHeaders(result, { location }));
}
