import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../fs/writeFileAtomic.ts';

/** The shared report of every clinical evaluation (risk, de-identification, ECG, extraction). */
export const CLINICAL_REPORT_PATH = 'reports/clinical-eval.json';

/**
 * Replaces one top-level section of the clinical report, keeping the others (other evaluations write their own
 * sections), and writes the file atomically so a concurrent reader never sees half a report.
 */
export function mergeClinicalReport(path: string, section: string, value: unknown): void {
  let report: Record<string, unknown> = {};
  if (existsSync(path)) {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      report = parsed as Record<string, unknown>;
  }
  report[section] = value;
  writeFileAtomic(path, `${JSON.stringify(report, null, 2)}\n`);
}
