import type { Hex } from 'viem';
import type { StoredAccessEvent } from './AccessLogStore.ts';

/**
 * The columns both SQL stores select for an event (`e`: access_events, `b`: its anchored batch, if any), with its
 * patients joined by spaces by `aggregate` (`group_concat(patient, ' ')` in SQLite, `string_agg(patient, ' ')` in
 * PostgreSQL); references never contain spaces.
 */
export const accessEventSelect = (aggregate: string) => `SELECT e.seq, e.event_id, e.recorded, e.event_hash,
    e.event_json, e.anchor_status, e.anchor_batch_id, e.anchor_proof, b.root, b.tx_hash, b.anchored_at,
    (SELECT ${aggregate} FROM access_event_patients p WHERE p.seq = e.seq) AS patients
  FROM access_events e LEFT JOIN access_batches b ON b.batch_id = e.anchor_batch_id`;

/** One selected row; SQLite and PostgreSQL return numbers or numeric strings for the integer columns. */
export type AccessEventRow = {
  seq: number | string;
  event_id: string;
  recorded: number | string;
  event_hash: string;
  event_json: string;
  anchor_status: 'pending' | 'anchored';
  anchor_batch_id: string | null;
  anchor_proof: string | null;
  root: string | null;
  tx_hash: string | null;
  anchored_at: number | string | null;
  patients: string | null;
};

/** A selected row as a `StoredAccessEvent` (patients sorted, as every store returns them). */
export function accessEventFromRow(row: AccessEventRow): StoredAccessEvent {
  const anchored =
    row.anchor_status === 'anchored' &&
    row.anchor_batch_id !== null &&
    row.root !== null &&
    row.tx_hash !== null;
  return {
    seq: Number(row.seq),
    eventId: row.event_id,
    recorded: new Date(Number(row.recorded)).toISOString(),
    patients: row.patients ? row.patients.split(' ').sort() : [],
    eventJson: row.event_json,
    eventHash: row.event_hash as Hex,
    anchorStatus: row.anchor_status,
    anchor: anchored
      ? {
          batchId: row.anchor_batch_id as string,
          root: row.root as Hex,
          txHash: row.tx_hash as Hex,
          proof: JSON.parse(row.anchor_proof ?? '[]') as Hex[],
          anchoredAt: new Date(Number(row.anchored_at)).toISOString(),
        }
      : null,
  };
}
