import type {
  Bundle,
  BundleEntry,
  BundleEntryResponse,
  OperationOutcome,
  Resource,
} from '@medplum/fhirtypes';
import { operationOutcome, outcomes } from '../../fhir/operationOutcome.ts';
import type { AccessContext } from './AccessPolicy.ts';
import { bundleEntryUrl } from './bundleEntryUrl.ts';
import { errorOutcome } from './errorOutcome.ts';
import { FhirOutcomeError } from './errors.ts';
import type { RecordService } from './RecordService.ts';
import { rewriteReferences } from './rewriteReferences.ts';
import type { ServedResource } from './serveVersion.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Request = { method: Method; url: string; ifNoneExist?: string; ifMatch?: string };
type Entry = { index: number; fullUrl?: string; resource?: unknown; request: Request };

/** FHIR's processing order for transactions (http.html#trules): deletes, creates, updates, reads. */
const ORDER: Readonly<Record<Method, number>> = { DELETE: 0, POST: 1, PUT: 2, GET: 3 };
const REASONS: Readonly<Record<number, string>> = { 200: 'OK', 201: 'Created', 204: 'No Content' };

const invalid = (message: string): never => {
  throw new FhirOutcomeError(outcomes.invalid(message));
};

function statusLine(status: number): string {
  return `${status}${REASONS[status] ? ` ${REASONS[status]}` : ''}`;
}

function entriesOf(body: unknown): { type: 'transaction' | 'batch'; entries: (Entry | FhirOutcomeError)[] } {
  const bundle = body as { resourceType?: unknown; type?: unknown; entry?: unknown } | null;
  if (
    typeof bundle !== 'object' ||
    bundle === null ||
    Array.isArray(bundle) ||
    bundle.resourceType !== 'Bundle'
  ) {
    return invalid('POST to the base URL takes a Bundle of type transaction or batch');
  }
  if (bundle.type !== 'transaction' && bundle.type !== 'batch') {
    return invalid(`Bundle.type must be transaction or batch, got '${String(bundle.type)}'`);
  }
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry))
    return invalid('Bundle.entry must be an array');
  const entries = ((bundle.entry ?? []) as unknown[]).map((raw, index): Entry | FhirOutcomeError => {
    const entry = raw as { fullUrl?: unknown; resource?: unknown; request?: Record<string, unknown> } | null;
    const request = entry?.request;
    const method = request?.method;
    if (typeof request?.url !== 'string' || !(typeof method === 'string' && method in ORDER)) {
      return new FhirOutcomeError(
        outcomes.invalid(`Bundle.entry[${index}].request needs a method (GET, POST, PUT, DELETE) and a url`, [
          `Bundle.entry[${index}].request`,
        ]),
      );
    }
    return {
      index,
      ...(typeof entry?.fullUrl === 'string' ? { fullUrl: entry.fullUrl } : {}),
      ...(entry?.resource === undefined ? {} : { resource: entry.resource }),
      request: {
        method: method as Method,
        url: request.url,
        ...(typeof request.ifNoneExist === 'string' ? { ifNoneExist: request.ifNoneExist } : {}),
        ...(typeof request.ifMatch === 'string' ? { ifMatch: request.ifMatch } : {}),
      },
    };
  });
  return { type: bundle.type, entries };
}

function written(served: ServedResource, status: number, baseUrl: string): BundleEntry {
  return {
    fullUrl: `${baseUrl}/${served.resourceType}/${served.id}`,
    resource: served.resource,
    response: {
      status: statusLine(status),
      location: `${served.resourceType}/${served.id}/_history/${served.versionId}`,
      etag: `W/"${served.versionId}"`,
      lastModified: served.lastUpdated,
    },
  };
}

/** Runs one entry against the service (bound to the transaction, for a transaction Bundle). */
async function execute(
  service: RecordService,
  ctx: AccessContext,
  entry: Entry,
  options: { id?: string } = {},
): Promise<BundleEntry> {
  const target = bundleEntryUrl(entry.request.url, service.baseUrl);
  const { resourceType, id } = target;
  switch (entry.request.method) {
    case 'POST': {
      if (id !== undefined || target.params.length)
        invalid(`POST url must be a resource type, got '${entry.request.url}'`);
      const { ifNoneExist } = entry.request;
      const result = await service.create(ctx, resourceType, entry.resource, {
        ...(ifNoneExist === undefined ? {} : { ifNoneExist }),
        ...options,
      });
      return written(result, result.created ? 201 : 200, service.baseUrl);
    }
    case 'PUT': {
      if (id === undefined || target.history)
        return invalid(`PUT url must be Type/id, got '${entry.request.url}'`);
      const { ifMatch } = entry.request;
      const result = await service.update(
        ctx,
        resourceType,
        id,
        entry.resource,
        ifMatch === undefined ? {} : { ifMatch },
      );
      return written(result, result.created ? 201 : 200, service.baseUrl);
    }
    case 'DELETE': {
      if (id === undefined || target.history)
        return invalid(`DELETE url must be Type/id, got '${entry.request.url}'`);
      const outcome = await service.delete(ctx, resourceType, id);
      return { response: { status: statusLine(outcome.status), outcome: outcome.outcome } };
    }
    default: {
      if (target.history) {
        if (target.versionId !== undefined && id !== undefined) {
          const served = await service.vread(ctx, resourceType, id, target.versionId);
          return {
            ...written(served, 200, service.baseUrl),
            response: { status: '200 OK', etag: `W/"${served.versionId}"` },
          };
        }
        return {
          resource: await service.history(ctx, resourceType, id, target.params),
          response: { status: '200 OK' },
        };
      }
      if (id === undefined) {
        return {
          resource: await service.search(ctx, resourceType, target.params),
          response: { status: '200 OK' },
        };
      }
      const served = await service.read(ctx, resourceType, id);
      return {
        ...written(served, 200, service.baseUrl),
        response: { status: '200 OK', etag: `W/"${served.versionId}"` },
      };
    }
  }
}

function failed(error: unknown, service: RecordService): BundleEntry {
  const outcome = errorOutcome(error, service.logger);
  const response: BundleEntryResponse = { status: statusLine(outcome.status), outcome: outcome.outcome };
  return { response };
}

/** An entry's failure as the transaction's: same status, diagnostics and expression pointing at the entry. */
function entryFailure(error: unknown, index: number, service: RecordService): FhirOutcomeError {
  const { status, outcome } = errorOutcome(error, service.logger);
  const issues = (outcome as OperationOutcome).issue ?? [];
  const located = operationOutcome(
    status,
    ...issues.map((issue) => ({
      severity: issue.severity,
      code: issue.code,
      diagnostics: `Bundle.entry[${index}]: ${issue.diagnostics ?? ''} (the transaction was rolled back)`,
      expression: [`Bundle.entry[${index}]`, ...(issue.expression ?? [])],
    })),
  );
  return new FhirOutcomeError(located, { cause: error });
}

/**
 * Processes a `batch` (each entry on its own, each with its own outcome) or a `transaction` (all or nothing inside
 * `store.transaction`, in FHIR's order, `urn:uuid:` fullUrls of new resources rewritten to their assigned ids
 * everywhere in the Bundle). A failed transaction entry fails the whole Bundle with that entry's status.
 */
export async function processBundle(
  service: RecordService,
  ctx: AccessContext,
  body: unknown,
): Promise<Bundle> {
  const { type, entries } = entriesOf(body);
  const response: BundleEntry[] = new Array(entries.length);
  if (type === 'batch') {
    for (const [index, entry] of entries.entries()) {
      if (entry instanceof FhirOutcomeError) response[index] = failed(entry, service);
      else
        response[index] = await execute(service, ctx, entry).catch((error: unknown) =>
          failed(error, service),
        );
    }
    return { resourceType: 'Bundle', type: 'batch-response', entry: response };
  }
  const malformed = entries.find((entry) => entry instanceof FhirOutcomeError);
  if (malformed) throw malformed;
  const valid = entries as Entry[];
  // Reserve ids for new resources so references between them can be rewritten before anything is written.
  const references = new Map<string, string>();
  const reserved = new Map<number, string>();
  for (const entry of valid) {
    if (entry.request.method !== 'POST' || entry.request.ifNoneExist !== undefined) continue;
    const { resourceType } = bundleEntryUrl(entry.request.url, service.baseUrl);
    const id = service.reserveId();
    reserved.set(entry.index, id);
    if (entry.fullUrl?.startsWith('urn:uuid:')) references.set(entry.fullUrl, `${resourceType}/${id}`);
  }
  const ordered = [...valid].sort(
    (a, b) =>
      ORDER[a.request.method] - ORDER[b.request.method] ||
      Number(a.request.ifNoneExist === undefined) - Number(b.request.ifNoneExist === undefined) ||
      a.index - b.index,
  );
  await service.transaction(async (tx) => {
    for (const entry of ordered) {
      const resource = rewriteReferences(entry.resource, references) as Resource | undefined;
      let url = entry.request.url;
      for (const [from, to] of references) url = url.replaceAll(from, to);
      const id = reserved.get(entry.index);
      try {
        const result = await execute(
          tx,
          ctx,
          { ...entry, resource, request: { ...entry.request, url } },
          id === undefined ? {} : { id },
        );
        response[entry.index] = result;
        if (entry.fullUrl?.startsWith('urn:uuid:') && result.response?.location) {
          references.set(entry.fullUrl, result.response.location.split('/_history/')[0] ?? '');
        }
      } catch (error) {
        throw entryFailure(error, entry.index, tx);
      }
    }
  });
  return { resourceType: 'Bundle', type: 'transaction-response', entry: response };
}
