import { randomUUID } from 'node:crypto';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { type FhirOutcome, outcomes } from '../../fhir/operationOutcome.ts';
import { validateResource } from '../../fhir/validateResource.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import { canonicalJson } from '../canonicalJson.ts';
import type { RecordVersion } from '../store/RecordStore.ts';
import type { AccessContext } from './AccessPolicy.ts';
import { withoutAnchorTag } from './anchorTag.ts';
import { assertSupportedType } from './assertSupportedType.ts';
import { authorizeAccess } from './authorizeAccess.ts';
import { conditionalMatch } from './conditionalMatch.ts';
import { FhirOutcomeError } from './errors.ts';
import { MemoryAuditSink } from './MemoryAuditSink.ts';
import { openVersion } from './openVersion.ts';
import { patientsOf } from './patientsOf.ts';
import { processBundle } from './processBundle.ts';
import type { RecordServiceDeps } from './RecordServiceDeps.ts';
import { type AuditNote, recordAccess } from './recordAccess.ts';
import { recordHistory } from './recordHistory.ts';
import { searchRecords } from './searchRecords.ts';
import { type ServedResource, serveVersion } from './serveVersion.ts';
import { withMeta, writeVersion } from './writeVersion.ts';

/** What `new RecordService` takes; clock, id generator and logger have defaults. */
export type RecordServiceOptions = Omit<RecordServiceDeps, 'now' | 'newId' | 'logger'> &
  Partial<Pick<RecordServiceDeps, 'now' | 'newId' | 'logger'>>;

/** A stored write: the version served back, and whether it created the resource (201) or not (200). */
export type WriteResult = ServedResource & { created: boolean };

/** Search and history options from the request beyond its parameters. */
export type SearchOptions = { lenient?: boolean };

function validated(body: unknown, resourceType: string): Resource {
  const stripped =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? withoutAnchorTag(body as Resource)
      : body;
  const result = validateResource(stripped, { resourceType });
  if (!result.ok) throw new FhirOutcomeError({ status: result.status, outcome: result.outcome });
  return result.resource;
}

/** `W/"3"`, `"3"` or `3` → 3; anything else is a 400. */
export function parseVersionTag(tag: string): number {
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(tag.trim());
  if (!match)
    throw new FhirOutcomeError(outcomes.invalid(`If-Match '${tag}' is not a version ETag like W/"3"`));
  return Number(match[1]);
}

/** Content equality that ignores what every version changes anyway. */
function sameContent(a: Resource, b: Resource): boolean {
  const key = (resource: Resource) => canonicalJson(withMeta(resource, resource.id ?? '', 0, ''));
  return Buffer.from(key(a)).equals(key(b));
}

/**
 * The FHIR R4 record service: create, read, vread, update, delete, history, conditional create, search and
 * transaction/batch Bundles over the sealed vault. Knows nothing of HTTP: results are resources and outcomes,
 * refusals are `FhirOutcomeError`s, integrity faults `RecordIntegrityError`s. Every operation is decided by the
 * injected `AccessPolicy` and recorded exactly once in the `AuditSink`.
 */
export class RecordService {
  readonly #deps: RecordServiceDeps;

  constructor(options: RecordServiceOptions) {
    this.#deps = {
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      now: options.now ?? Date.now,
      newId: options.newId ?? randomUUID,
      logger: options.logger ?? silentLogger,
    };
  }

  /** The FHIR base URL this service writes into Bundles. */
  get baseUrl(): string {
    return this.#deps.baseUrl;
  }

  /** Where the service logs (integrity faults, unexpected errors). */
  get logger(): Logger {
    return this.#deps.logger;
  }

  /** A fresh server id, reserved ahead of a create (transaction Bundles rewrite references to it first). */
  reserveId(): string {
    return this.#deps.newId();
  }

  /**
   * Runs `work` atomically, with a service bound to the store's transaction. Audit events are held until the
   * outcome is known: on rollback, accesses that had succeeded are recorded as failures ("rolled back").
   */
  async transaction<T>(work: (service: RecordService) => Promise<T>): Promise<T> {
    const held = new MemoryAuditSink();
    let result: T;
    try {
      result = await this.#deps.store.transaction((tx) =>
        work(new RecordService({ ...this.#deps, store: tx, audit: held, inTransaction: true })),
      );
    } catch (error) {
      for (const event of held.events) {
        await this.#deps.audit.record(
          event.outcome === 'success'
            ? { ...event, outcome: 'failure', reason: 'transaction rolled back' }
            : event,
        );
      }
      throw error;
    }
    for (const event of held.events) await this.#deps.audit.record(event);
    return result;
  }

  #audited<T>(
    ctx: AccessContext,
    action: Parameters<typeof recordAccess>[3],
    work: (note: (d: AuditNote) => void) => Promise<T>,
  ): Promise<T> {
    return recordAccess(this.#deps.audit, this.#deps.now, ctx, action, work);
  }

  #lastUpdated(): string {
    return new Date(this.#deps.now()).toISOString();
  }

  /**
   * Creates a resource with a server-assigned id (or one from `reserveId`); with `ifNoneExist` (a search query) a
   * single existing match is returned instead (200), several are a 412.
   */
  create(
    ctx: AccessContext,
    resourceType: string,
    body: unknown,
    options: { ifNoneExist?: string; id?: string } = {},
  ): Promise<WriteResult> {
    return this.#audited(ctx, { action: 'create', resourceType }, async (note) => {
      assertSupportedType(resourceType);
      const resource = validated(body, resourceType);
      if (options.ifNoneExist !== undefined) {
        const existing = await conditionalMatch(this.#deps, ctx, resourceType, options.ifNoneExist, note);
        if (existing) return { ...existing, created: false };
      }
      const id = options.id ?? this.#deps.newId();
      const toStore = withMeta(resource, id, 1, this.#lastUpdated());
      await authorizeAccess(
        this.#deps.policy,
        ctx,
        { interaction: 'create', resourceType, id, resource: toStore },
        note,
      );
      const served = await writeVersion(this.#deps, toStore, 1);
      note({ id, versionId: '1', entities: [`${resourceType}/${id}`], patients: patientsOf(toStore) });
      return { ...served, created: true };
    });
  }

  async #current(resourceType: string, id: string): Promise<RecordVersion> {
    assertSupportedType(resourceType);
    const current = await this.#deps.store.readCurrent(resourceType, id);
    if (!current) throw new FhirOutcomeError(outcomes.notFound(resourceType, id));
    return current;
  }

  /** The current version; 404 if it never existed, 410 if its current version is a deletion. */
  read(ctx: AccessContext, resourceType: string, id: string): Promise<ServedResource> {
    return this.#audited(ctx, { action: 'read', resourceType, id }, async (note) => {
      const current = await this.#current(resourceType, id);
      if (current.deleted) throw new FhirOutcomeError(outcomes.gone(resourceType, id));
      return this.#serve(ctx, 'read', current, note);
    });
  }

  /** One version by number; 404 for a version that does not exist, 410 for a deletion. */
  vread(ctx: AccessContext, resourceType: string, id: string, versionId: string): Promise<ServedResource> {
    return this.#audited(ctx, { action: 'vread', resourceType, id }, async (note) => {
      assertSupportedType(resourceType);
      const version = /^\d{1,15}$/.test(versionId)
        ? await this.#deps.store.readVersion(resourceType, id, Number(versionId))
        : undefined;
      if (!version) throw new FhirOutcomeError(outcomes.versionNotFound(resourceType, id, versionId));
      if (version.deleted) throw new FhirOutcomeError(outcomes.gone(resourceType, id));
      return this.#serve(ctx, 'vread', version, note);
    });
  }

  async #serve(
    ctx: AccessContext,
    interaction: 'read' | 'vread',
    version: RecordVersion,
    note: (d: AuditNote) => void,
  ): Promise<ServedResource> {
    const resource = openVersion(this.#deps.keyRing, version);
    const { resourceType, id } = version;
    // Noted before the decision, so a refused read still reaches the patient's access list.
    note({
      versionId: String(version.versionId),
      entities: [`${resourceType}/${id}`],
      patients: patientsOf(resource),
    });
    await authorizeAccess(this.#deps.policy, ctx, { interaction, resourceType, id, resource }, note);
    return serveVersion(this.#deps.verifier, version, resource);
  }

  /**
   * Stores a new version under the client's id (creating the resource if it does not exist: `created`). With
   * `ifMatch` the write happens only if that is still the current version (else 412). A body equal to the current
   * version apart from `meta.versionId`/`lastUpdated` makes no new version.
   */
  update(
    ctx: AccessContext,
    resourceType: string,
    id: string,
    body: unknown,
    options: { ifMatch?: string } = {},
  ): Promise<WriteResult> {
    return this.#audited(ctx, { action: 'update', resourceType, id }, async (note) => {
      assertSupportedType(resourceType);
      const resource = validated(body, resourceType);
      if (resource.id !== id) throw new FhirOutcomeError(outcomes.idMismatch(id, resource.id));
      const expected = options.ifMatch === undefined ? undefined : parseVersionTag(options.ifMatch);
      const current = await this.#deps.store.readCurrent(resourceType, id);
      if (expected !== undefined && current?.versionId !== expected) {
        throw new FhirOutcomeError(
          outcomes.versionConflict(
            resourceType,
            id,
            String(expected),
            current ? String(current.versionId) : 'none',
          ),
        );
      }
      const live = current && !current.deleted ? current : undefined;
      if (live) {
        const previous = openVersion(this.#deps.keyRing, live);
        await authorizeAccess(
          this.#deps.policy,
          ctx,
          { interaction: 'update', resourceType, id, resource: previous },
          note,
        );
        if (sameContent(previous, resource)) {
          note({
            versionId: String(live.versionId),
            entities: [`${resourceType}/${id}`],
            patients: patientsOf(previous),
          });
          return { ...(await serveVersion(this.#deps.verifier, live, previous)), created: false };
        }
      }
      const versionId = (current?.versionId ?? 0) + 1;
      const toStore = withMeta(resource, id, versionId, this.#lastUpdated());
      const interaction = live ? 'update' : 'create';
      await authorizeAccess(
        this.#deps.policy,
        ctx,
        { interaction, resourceType, id, resource: toStore },
        note,
      );
      const served = await writeVersion(this.#deps, toStore, versionId, {
        conditional: expected !== undefined,
      });
      note({
        versionId: String(versionId),
        entities: [`${resourceType}/${id}`],
        patients: patientsOf(toStore),
      });
      return { ...served, created: live === undefined };
    });
  }

  /** Deletes by storing a tombstone version (anchored like any other); deleting a deleted resource is a no-op. */
  delete(ctx: AccessContext, resourceType: string, id: string): Promise<FhirOutcome> {
    return this.#audited(ctx, { action: 'delete', resourceType, id }, async (note) => {
      const current = await this.#current(resourceType, id);
      if (current.deleted) return outcomes.ok(`${resourceType}/${id} was already deleted`);
      const previous = openVersion(this.#deps.keyRing, current);
      await authorizeAccess(
        this.#deps.policy,
        ctx,
        { interaction: 'delete', resourceType, id, resource: previous },
        note,
      );
      const versionId = current.versionId + 1;
      const tombstone = withMeta({ resourceType, id } as Resource, id, versionId, this.#lastUpdated());
      await writeVersion(this.#deps, tombstone, versionId, { deleted: true });
      note({
        versionId: String(versionId),
        entities: [`${resourceType}/${id}`],
        patients: patientsOf(previous),
      });
      return outcomes.ok(`Deleted ${resourceType}/${id} (version ${versionId} is the deletion)`);
    });
  }

  /** A `searchset` Bundle, filtered by the access policy before paging and totals. */
  search(
    ctx: AccessContext,
    resourceType: string,
    params: Iterable<readonly [string, string]>,
    options: SearchOptions = {},
  ): Promise<Bundle> {
    return this.#audited(ctx, { action: 'search', resourceType }, (note) =>
      searchRecords(this.#deps, ctx, resourceType, [...params], options, note),
    );
  }

  /** A `history` Bundle of one resource (`id`) or of a type, newest first. */
  history(
    ctx: AccessContext,
    resourceType: string,
    id: string | undefined,
    params: Iterable<readonly [string, string]>,
  ): Promise<Bundle> {
    const action = id === undefined ? 'history-type' : 'history-instance';
    return this.#audited(ctx, { action, resourceType, ...(id === undefined ? {} : { id }) }, (note) =>
      recordHistory(this.#deps, ctx, resourceType, id, [...params], note),
    );
  }

  /** Processes a `transaction` (atomic) or `batch` (independent entries) Bundle. */
  bundle(ctx: AccessContext, body: unknown): Promise<Bundle> {
    return processBundle(this, ctx, body);
  }
}
