import { contentHash } from '../records/canonicalJson.ts';
import type { NewAccessEvent } from './AccessLogStore.ts';
import { InvalidAccessEventError } from './auditErrors.ts';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * What every store checks before appending, so a bad event never becomes a permanent, anchored record: an id, an
 * ISO 8601 UTC time with milliseconds, `Patient/<id>` references, and a hash that is the SHA-256 of the JSON.
 * Returns `recorded` as epoch milliseconds.
 */
export function checkNewAccessEvent(event: NewAccessEvent): number {
  if (event.eventId.length === 0 || event.eventId.length > 64)
    throw new InvalidAccessEventError('An access event needs an id of 1 to 64 characters');
  const recorded = Date.parse(event.recorded);
  if (!ISO_MS.test(event.recorded) || Number.isNaN(recorded))
    throw new InvalidAccessEventError(
      `Access event time '${event.recorded}' is not ISO 8601 UTC with milliseconds`,
    );
  for (const patient of event.patients) {
    if (!/^Patient\/[A-Za-z0-9\-.]{1,64}$/.test(patient))
      throw new InvalidAccessEventError(`'${patient}' is not a Patient/<id> reference`);
  }
  if (contentHash(Buffer.from(event.eventJson, 'utf8')) !== event.eventHash)
    throw new InvalidAccessEventError(`Access event ${event.eventId}: hash is not the SHA-256 of its JSON`);
  return recorded;
}
