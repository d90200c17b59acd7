import { fileURLToPath } from 'node:url';
import { analyzeEcg } from '../src/ecg/analyzeEcg.ts';
import { loadEcgBeatClassifier } from '../src/ecg/classify/loadEcgBeatClassifier.ts';
import { readWfdbRecord } from '../src/ecg/wfdb/readWfdbRecord.ts';
import type { BenchRow } from './table.ts';

const RECORDS = ['101', '119', '208', '209'];

/**
 * ECG minutes analysed per second: the whole `caduceus ai ecg` pipeline (detection on both leads, beat features,
 * GBDT classification, HRV) on the repository's MIT-BIH records, 30 min each, files already read.
 */
export async function benchEcg(rounds: number): Promise<BenchRow[]> {
  const classifier = await loadEcgBeatClassifier();
  const records = await Promise.all(
    RECORDS.map((name) => readWfdbRecord(fileURLToPath(new URL(`../data/ecg/${name}`, import.meta.url)))),
  );
  analyzeEcg(records[0] as (typeof records)[number], classifier);
  let minutes = 0;
  let beats = 0;
  const started = performance.now();
  for (let round = 0; round < rounds; round++)
    for (const record of records) {
      const analysis = analyzeEcg(record, classifier);
      minutes += analysis.durationSeconds / 60;
      beats += analysis.beats.length;
    }
  const seconds = (performance.now() - started) / 1000;
  return [
    {
      benchmark: 'ECG analysis (2-lead MIT-BIH, 360 Hz)',
      value: (minutes / seconds).toFixed(0),
      unit: 'ECG min/s',
      target: '-',
      note: `${(beats / seconds).toFixed(0)} beats/s; detection + features + GBDT classes + HRV`,
    },
  ];
}
