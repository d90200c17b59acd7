import { InvalidRecordVersionError } from './errors.ts';
import type { NewRecordVersion } from './RecordStore.ts';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HASH = /^0x[0-9a-f]{64}$/;

/** Refuses versions every store would otherwise store differently; returns `lastUpdated` in epoch ms. */
export function checkNewVersion(version: NewRecordVersion): number {
  const where = `${version.resourceType}/${version.id}`;
  if (!Number.isSafeInteger(version.versionId) || version.versionId < 1) {
    throw new InvalidRecordVersionError(`Version of ${where} must be a positive integer`);
  }
  const ms = Date.parse(version.lastUpdated);
  if (
    !ISO_MS.test(version.lastUpdated) ||
    Number.isNaN(ms) ||
    new Date(ms).toISOString() !== version.lastUpdated
  ) {
    throw new InvalidRecordVersionError(`lastUpdated of ${where} must be UTC ISO 8601 with milliseconds`);
  }
  if (!HASH.test(version.contentHash)) {
    throw new InvalidRecordVersionError(`contentHash of ${where} must be 0x + 64 lowercase hex digits`);
  }
  return ms;
}
