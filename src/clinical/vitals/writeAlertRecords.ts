import type { Communication, Flag } from '@medplum/fhirtypes';
import type { AccessContext } from '../../records/service/AccessPolicy.ts';
import type { RecordService, WriteResult } from '../../records/service/RecordService.ts';

/** The alert's two records as written. */
export type WrittenAlert = { flagId: string; flag: WriteResult; communication: WriteResult };

/**
 * Writes an alert's Flag and the Communication about it in one record-service transaction, so both are validated,
 * sealed, audited and anchored like any record, or neither exists. The Flag's id is reserved first so the
 * Communication can be `about` it; every kind of alert (NEWS2, ventricular run) goes through here.
 */
export async function writeAlertRecords(
  records: RecordService,
  ctx: AccessContext,
  flag: Flag,
  communication: (flagReference: string) => Communication,
): Promise<WrittenAlert> {
  const flagId = records.reserveId();
  return records.transaction(async (tx) => ({
    flagId,
    flag: await tx.create(ctx, 'Flag', flag, { id: flagId }),
    communication: await tx.create(ctx, 'Communication', communication(`Flag/${flagId}`)),
  }));
}
