/**
 * `npm run eval:clinical`: runs every clinical evaluation present in scripts/ (risk models, de-identification,
 * ECG, extraction), one after the other; each prints its table and writes its own section of
 * reports/clinical-eval.json. A part whose script is not in the repository yet is listed as missing, not failed.
 *
 *   npx tsx scripts/eval-clinical.ts [--only=risk,deid]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CLINICAL_REPORT_PATH } from '../src/clinical/mergeClinicalReport.ts';

const root = resolve(import.meta.dirname, '..');
/** Report section → the script that writes it. */
const PARTS: Record<string, string> = {
  risk: 'eval-clinical-risk.ts',
  deid: 'eval-deid.ts',
  ecg: 'eval-ecg.ts',
  extraction: 'eval-nlp-extract.ts',
};
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');

const results: { part: string; status: string }[] = [];
for (const [part, script] of Object.entries(PARTS)) {
  if (only && !only.includes(part)) continue;
  const path = join(root, 'scripts', script);
  if (!existsSync(path)) {
    results.push({ part, status: `missing (scripts/${script} not in the repository)` });
    continue;
  }
  console.log(`\n=== ${part}: scripts/${script}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path], { cwd: root, stdio: 'inherit' });
  results.push({ part, status: run.status === 0 ? 'ok' : `failed (exit ${run.status ?? run.signal})` });
}

const reportPath = join(root, CLINICAL_REPORT_PATH);
const sections = existsSync(reportPath) ? Object.keys(JSON.parse(readFileSync(reportPath, 'utf8'))) : [];
console.log('\nClinical evaluation');
for (const { part, status } of results) console.log(`  ${part.padEnd(12)}${status}`);
console.log(`report: ${CLINICAL_REPORT_PATH} (sections: ${sections.join(', ') || 'none'})`);
if (results.some((r) => r.status.startsWith('failed'))) process.exitCode = 1;
