import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { operationOutcome } from '../../fhir/operationOutcome.ts';
import type { BinaryAttachments } from '../../records/attachments/BinaryAttachments.ts';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson, outcomeResponse, versionHeaders } from '../fhirResponse.ts';
import { acceptsMediaType, isRawBinaryRead } from '../rawBinaryRequest.ts';

/** RFC 9530 `Repr-Digest` value for a SHA-256 given as 0x-hex. */
const reprDigest = (hex: string) => `sha-256=:${Buffer.from(hex.slice(2), 'hex').toString('base64')}:`;

/**
 * `GET [base]/Binary/[id]`. With an `Accept` of the stored type, `type/*` or `*\/*`, the decrypted bytes stream
 * with `Content-Length`, `Repr-Digest` (the anchored SHA-256) and `X-Caduceus-Anchor`. Every 64 KiB segment is
 * authenticated before it is sent and the whole is checked against the anchored hash before the last chunk, so on
 * tampering the response is cut short: the client sees fewer bytes than `Content-Length` (a network error) and
 * never a complete wrong body. Any FHIR JSON `Accept` gets the Binary resource (small attachments inline).
 */
export async function binaryReadHandler(
  c: Context<FhirEnv>,
  binaries: BinaryAttachments,
  id: string,
): Promise<Response> {
  if (!isRawBinaryRead(c)) {
    const served = await binaries.readResource(c.var.access, id);
    return fhirJson(200, served.resource, versionHeaders(served));
  }
  const opened = await binaries.open(c.var.access, id);
  const accept = c.req.header('Accept') ?? '*/*';
  if (!acceptsMediaType(accept, opened.contentType)) {
    opened.body.destroy();
    return outcomeResponse(
      operationOutcome(406, {
        code: 'not-supported',
        diagnostics: `Binary/${id} is ${opened.contentType}; Accept ${accept} excludes it (use ${opened.contentType}, */* or application/fhir+json)`,
      }),
    );
  }
  return new Response(Readable.toWeb(opened.body) as unknown as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      'Content-Type': opened.contentType,
      'Content-Length': String(opened.size),
      'Repr-Digest': reprDigest(opened.contentHash),
      ...versionHeaders(opened.served),
    },
  });
}
