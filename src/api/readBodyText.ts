/**
 * Reads a request body as UTF-8 text, refusing (undefined) as soon as it exceeds `maxBytes`: a declared
 * Content-Length over the limit is refused before reading, and a streamed body is cut off at the limit, so an
 * oversized upload never sits in memory whole. A body within its declared Content-Length (HTTP/1.1 framing ends
 * it there) is read in one piece, which on `@hono/node-server` skips building a web stream for it.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string | undefined> {
  const length = request.headers.get('content-length');
  const declared = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
  if (declared !== undefined && declared > maxBytes) return undefined;
  if (declared !== undefined) {
    const bytes = Buffer.from(await request.arrayBuffer());
    // A Request built in-process is not framed by its header: keep the limit exact anyway.
    return bytes.byteLength > maxBytes ? undefined : bytes.toString('utf8');
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
