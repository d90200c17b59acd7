import type { EcgRecord } from '../EcgRecord.ts';
import { primaryLead } from '../primaryLead.ts';

/** The leads QRS detection reads, primary lead first (it locates the R peak; see `detectRPeaks`). */
export function detectionLeads(record: EcgRecord): Float32Array[] {
  const primary = primaryLead(record);
  return [primary, ...record.leads.filter((l) => l !== primary)].map((l) => l.millivolts);
}
