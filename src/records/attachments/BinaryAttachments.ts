import { pipeline, Readable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import type { Binary, Resource } from '@medplum/fhirtypes';
import { outcomes } from '../../fhir/operationOutcome.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import { contentHash } from '../canonicalJson.ts';
import { createDigestCheck } from '../crypto/createDigestCheck.ts';
import type { MasterKeyRing } from '../crypto/MasterKeyRing.ts';
import { createOpenStream } from '../crypto/openStream.ts';
import { recordAad } from '../crypto/recordAad.ts';
import { createSealStream } from '../crypto/sealStream.ts';
import type { AccessContext } from '../service/AccessPolicy.ts';
import { FhirOutcomeError, RecordIntegrityError } from '../service/errors.ts';
import type { RecordService, WriteResult } from '../service/RecordService.ts';
import type { ServedResource } from '../service/serveVersion.ts';
import type { BlobRef, BlobStore } from '../store/BlobStore.ts';
import { AttachmentTooLargeError } from './attachmentErrors.ts';
import { type AttachmentDescription, attachmentExtension, attachmentOf } from './blobExtension.ts';
import { createChunkWriter } from './createChunkWriter.ts';
import { createUploadMeter } from './createUploadMeter.ts';

/** What `BinaryAttachments` is built from. */
export type BinaryAttachmentsOptions = {
  service: RecordService;
  blobs: BlobStore;
  keyRing: MasterKeyRing;
  /** Largest attachment in bytes (413 beyond, while streaming). */
  maxBytes: number;
  /** Attachments up to this size are inlined as base64 `data` when the Binary is read as FHIR JSON. */
  inlineMaxBytes?: number;
  logger?: Logger;
};

/** An upload: the declared type, the bytes, and (optionally) whose consent governs reading them. */
export type BinaryUpload = {
  contentType: string;
  body: Readable;
  /** `Content-Length`, when the client declared one (refused up front if over the limit). */
  declaredSize?: number;
  /** `Patient/<id>` or `DocumentReference/<id>` (FHIR `Binary.securityContext`, `X-Security-Context` header). */
  securityContext?: string;
};

/** A Binary opened for reading: the served version (anchor state, ETag) and its verified, decrypting byte stream. */
export type OpenedBinary = {
  served: ServedResource;
  contentType: string;
  size: number;
  contentHash: `0x${string}`;
  body: Readable;
};

const DEFAULT_INLINE_MAX_BYTES = 64 * 1024;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const SECURITY_CONTEXT = /^(Patient|DocumentReference)\/[A-Za-z0-9\-.]{1,64}$/;

/**
 * FHIR `Binary` attachments (PDFs, DICOM, images) streamed in both directions: an upload is metered (size limit,
 * SHA-256), sealed segment by segment under a fresh data key bound to `Binary/<id>/1`, and written in chunks to
 * the blob store; then a Binary version describing it (type, size, hash, `securityContext`) is created through
 * the record service, so it is validated, authorised, audited, hashed and anchored like any other record. A read
 * goes through the record service first (consent on the Binary and, for a DocumentReference security context, on
 * that DocumentReference too; anchor verification), then streams the blob, each segment authenticated before it
 * is released and the whole checked against the anchored hash before the final chunk.
 */
export class BinaryAttachments {
  readonly #o: BinaryAttachmentsOptions;
  readonly #logger: Logger;

  constructor(options: BinaryAttachmentsOptions) {
    this.#o = options;
    this.#logger = options.logger ?? silentLogger;
  }

  /** The attachment size limit in bytes. */
  get maxBytes(): number {
    return this.#o.maxBytes;
  }

  /** Streams an upload into the vault and creates its Binary (201); nothing is kept if anything fails. */
  async upload(ctx: AccessContext, upload: BinaryUpload): Promise<WriteResult> {
    const contentType = upload.contentType.toLowerCase();
    if (!MEDIA_TYPE.test(contentType)) {
      throw new FhirOutcomeError(
        outcomes.invalid(`Content-Type '${upload.contentType}' is not a media type`),
      );
    }
    const context = upload.securityContext;
    if (context !== undefined && !SECURITY_CONTEXT.test(context)) {
      throw new FhirOutcomeError(
        outcomes.invalid(`Security context '${context}' must be Patient/<id> or DocumentReference/<id>`),
      );
    }
    const { maxBytes } = this.#o;
    if (upload.declaredSize !== undefined && upload.declaredSize > maxBytes) {
      upload.body.destroy();
      throw new FhirOutcomeError(outcomes.tooLarge(maxBytes));
    }
    const id = this.#o.service.reserveId();
    const ref: BlobRef = { resourceType: 'Binary', id, versionId: 1 };
    const { stream: seal, header } = createSealStream(this.#o.keyRing, recordAad(ref));
    await this.#o.blobs.beginBlob(ref, { header, contentType });
    try {
      const meter = createUploadMeter(maxBytes);
      const writer = createChunkWriter(this.#o.blobs, ref);
      await pipelineAsync(upload.body, meter.stream, seal, writer.stream);
      const description: AttachmentDescription = {
        versionId: 1,
        size: meter.size(),
        contentHash: meter.digest(),
      };
      await this.#o.blobs.completeBlob(ref, {
        size: description.size,
        sealedSize: writer.bytes(),
        contentHash: description.contentHash,
        chunkCount: writer.chunks(),
      });
      const binary: Binary = {
        resourceType: 'Binary',
        contentType,
        ...(context === undefined ? {} : { securityContext: { reference: context } }),
        meta: { extension: [attachmentExtension(description)] },
      };
      return await this.#o.service.create(ctx, 'Binary', binary, { id });
    } catch (error) {
      await this.#o.blobs.discardBlob(ref).catch((cause: unknown) => {
        this.#logger.error('could not discard a failed upload', { id, error: String(cause) });
      });
      if (error instanceof AttachmentTooLargeError)
        throw new FhirOutcomeError(outcomes.tooLarge(maxBytes), { cause: error });
      throw error;
    }
  }

  /**
   * Opens the current Binary `id` for streaming: consent-checked, audited and anchor-verified by the record
   * service before a byte is read. A Binary with inline `data` streams that; integrity failures error the stream.
   */
  async open(ctx: AccessContext, id: string): Promise<OpenedBinary> {
    const served = await this.#o.service.read(ctx, 'Binary', id);
    await this.#checkSecurityContext(ctx, served.resource);
    const binary = served.resource as Binary;
    const description = attachmentOf(binary);
    if (!description) {
      const bytes = Buffer.from(binary.data ?? '', 'base64');
      return {
        served,
        contentType: binary.contentType,
        size: bytes.length,
        contentHash: contentHash(bytes),
        body: Readable.from([bytes]),
      };
    }
    const ref: BlobRef = { resourceType: 'Binary', id, versionId: description.versionId };
    const versionRef = { resourceType: 'Binary', id, versionId: served.versionId };
    const blob = await this.#o.blobs.readBlob(ref);
    if (!blob || blob.size !== description.size || blob.contentHash !== description.contentHash) {
      throw new RecordIntegrityError(
        versionRef,
        'the attachment is missing or differs from the anchored version',
      );
    }
    let decrypt: ReturnType<typeof createOpenStream>;
    try {
      decrypt = createOpenStream(this.#o.keyRing, blob.header, recordAad(ref));
    } catch (error) {
      throw new RecordIntegrityError(versionRef, 'the attachment key does not unwrap', { cause: error });
    }
    const check = createDigestCheck(
      description,
      (reason) => new RecordIntegrityError(versionRef, `attachment bytes: ${reason}`),
    );
    const body = pipeline(Readable.from(this.#o.blobs.readChunks(ref)), decrypt, check, (error) => {
      if (error && !isClientGone(error)) {
        this.#logger.error('attachment failed integrity verification while streaming', {
          id,
          versionId: served.versionId,
          error: error.name,
        });
      }
    });
    return {
      served,
      contentType: binary.contentType,
      size: description.size,
      contentHash: description.contentHash,
      body,
    };
  }

  /**
   * The Binary as FHIR JSON: an attachment up to `inlineMaxBytes` gets its bytes as base64 `data` (after the same
   * checks as a stream); a larger one is served without `data`, its extension giving size and SHA-256, and the
   * bytes at the same URL with `Accept` set to its content type (FHIR's guidance for large Binaries).
   */
  async readResource(ctx: AccessContext, id: string): Promise<ServedResource> {
    const opened = await this.open(ctx, id);
    const binary = opened.served.resource as Binary;
    if (binary.data !== undefined || opened.size > (this.#o.inlineMaxBytes ?? DEFAULT_INLINE_MAX_BYTES)) {
      opened.body.destroy();
      return opened.served;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of opened.body) chunks.push(chunk as Buffer);
    return { ...opened.served, resource: { ...binary, data: Buffer.concat(chunks).toString('base64') } };
  }

  /** A DocumentReference security context must itself be readable by the requester (consent, audit). */
  async #checkSecurityContext(ctx: AccessContext, resource: Resource): Promise<void> {
    const reference = (resource as Binary).securityContext?.reference ?? '';
    const match = /^DocumentReference\/([^/]+)$/.exec(reference);
    if (match?.[1]) await this.#o.service.read(ctx, 'DocumentReference', match[1]);
  }
}

function isClientGone(error: Error): boolean {
  return (error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
}
