import type { EcgLead, EcgRecord } from './EcgRecord.ts';
import { EcgSignalError } from './ecgErrors.ts';

/** Lead names in order of preference for rhythm analysis: modified limb lead II (MIT-BIH), then limb lead II. */
const PREFERRED = [/^MLII$/i, /^(lead )?II$/i, /^ML/i];

/**
 * The lead beat detection and beat features read: MLII where the record has it (MIT-BIH record 114 stores it
 * second), else limb lead II, else the first lead. QRS complexes are tallest and most upright there.
 */
export function primaryLead(record: EcgRecord): EcgLead {
  for (const pattern of PREFERRED) {
    const lead = record.leads.find((l) => pattern.test(l.name.trim()));
    if (lead) return lead;
  }
  const first = record.leads[0];
  if (!first) throw new EcgSignalError('ECG record has no leads', { details: [record.name] });
  return first;
}
