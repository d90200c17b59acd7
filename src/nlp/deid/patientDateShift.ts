import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

/** Shifts lie 1,000–3,000 days back (as PhysioNet deid's), so even a bare year always moves. */
const MIN_DAYS = 1000;
const SPAN_DAYS = 2001;

/**
 * A patient's date shift in days (negative: into the past), the same for every note of the patient so
 * intervals between their dates survive, and unguessable without the site's secret (HMAC-SHA-256 of the id).
 */
export function patientDateShift(secret: string, patientId: string): number {
  const mac = hmac(
    sha256,
    new TextEncoder().encode(secret),
    new TextEncoder().encode(`date-shift:${patientId}`),
  );
  const value = new DataView(mac.buffer, mac.byteOffset, 4).getUint32(0);
  return -(MIN_DAYS + (value % SPAN_DAYS));
}
