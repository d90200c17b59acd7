import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsolationForest } from '../src/ai/anomaly/IsolationForest.ts';
import { takeLabelledRows, takeRows } from '../src/ai/data/FeatureMatrix.ts';
import { syntheticBinaryDataset } from '../src/ai/data/syntheticBinaryDataset.ts';
import { trainGbdt } from '../src/ai/gbdt/trainGbdt.ts';
import { rocAuc } from '../src/ai/metrics/rocAuc.ts';
import { FastTreeShap } from '../src/ai/shap/FastTreeShap.ts';
import type { BenchRow } from './table.ts';

/** How much work the AI benchmark does (the reported figures use 50,000 × 20, 100 trees of depth 6). */
export type AiBenchSizes = {
  rows: number;
  features: number;
  trees: number;
  depth: number;
  shapRows: number;
  runs: number;
};

const XGBOOST_REFERENCE_SECONDS = 0.9;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * The AI toolkit on one core: GBDT training time, TreeSHAP rows/s and isolation-forest rates on seeded synthetic data.
 * Each timed step runs `runs` times after one small warm-up (V8 compiles hot loops first) and the median is reported,
 * with the cold first run in the note. If Debian's python3-xgboost is installed, XGBoost `hist` trains on the very
 * same rows with one thread for a side-by-side figure; it is never required.
 */
export async function benchAi(sizes: AiBenchSizes, progress: (line: string) => void): Promise<BenchRow[]> {
  const train = syntheticBinaryDataset({ rows: sizes.rows, features: sizes.features, seed: 1 });
  const test = syntheticBinaryDataset({ rows: 10_000, features: sizes.features, seed: 2 });
  const params = { rounds: sizes.trees, maxDepth: sizes.depth, learningRate: 0.1 };
  const rows: BenchRow[] = [];

  const coldStart = performance.now();
  trainGbdt(
    takeLabelledRows(
      train,
      Uint32Array.from({ length: 5_000 }, (_, i) => i),
    ),
    { ...params, rounds: 5 },
  );
  const coldSeconds = (performance.now() - coldStart) / 1000;
  const trainSeconds: number[] = [];
  const trainCpuSeconds: number[] = [];
  let model = trainGbdt(train, params).model;
  for (let run = 0; run < sizes.runs; run++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    model = trainGbdt(train, params).model;
    trainSeconds.push((performance.now() - started) / 1000);
    const used = process.cpuUsage(cpu);
    trainCpuSeconds.push((used.user + used.system) / 1e6);
  }
  const auc = rocAuc(test.target, model.predict(test));
  rows.push({
    benchmark: `ai: GBDT training ${sizes.rows.toLocaleString('en')}×${sizes.features}, ${sizes.trees} trees, depth ${sizes.depth}`,
    value: median(trainSeconds).toFixed(2),
    unit: 's',
    target: `<= ${(1.5 * XGBOOST_REFERENCE_SECONDS).toFixed(2)} (1.5× XGBoost hist)`,
    note: `median of ${sizes.runs}, CPU ${median(trainCpuSeconds).toFixed(2)} s; held-out AUC ${auc.toFixed(3)}; warm-up ${coldSeconds.toFixed(2)} s`,
  });
  progress(`ai: GBDT trained in ${median(trainSeconds).toFixed(2)} s`);

  const explained = takeRows(
    test,
    Uint32Array.from({ length: sizes.shapRows }, (_, i) => i),
  );
  const tabulateStart = performance.now();
  const shap = new FastTreeShap(model);
  const tabulateMs = performance.now() - tabulateStart;
  shap.explain(
    takeRows(
      test,
      Uint32Array.from({ length: 200 }, (_, i) => i),
    ),
  );
  const shapSeconds: number[] = [];
  for (let run = 0; run < sizes.runs; run++) {
    const started = performance.now();
    shap.explain(explained);
    shapSeconds.push((performance.now() - started) / 1000);
  }
  rows.push({
    benchmark: 'ai: exact TreeSHAP (same model)',
    value: Math.round(sizes.shapRows / median(shapSeconds)).toLocaleString('en'),
    unit: 'rows/s',
    target: '>= 5,000',
    note: `${sizes.shapRows} rows; tables built in ${tabulateMs.toFixed(0)} ms`,
  });

  const fitStart = performance.now();
  const forest = IsolationForest.fit(train, { trees: 100, sampleSize: 256, seed: 3 });
  const fitMs = performance.now() - fitStart;
  forest.score(explained);
  const scoreStart = performance.now();
  forest.score(train);
  const scoreSeconds = (performance.now() - scoreStart) / 1000;
  rows.push({
    benchmark: 'ai: isolation forest fit (100 trees, ψ=256)',
    value: fitMs.toFixed(0),
    unit: 'ms',
    target: '',
  });
  rows.push({
    benchmark: 'ai: isolation forest scoring',
    value: Math.round(sizes.rows / scoreSeconds).toLocaleString('en'),
    unit: 'rows/s',
    target: '',
  });
  rows.push(...xgboostSideBySide(train, sizes, progress));
  return rows;
}

/** XGBoost `hist` on the same rows, one thread, when Debian's python3-xgboost is present; nothing otherwise. */
function xgboostSideBySide(
  train: ReturnType<typeof syntheticBinaryDataset>,
  sizes: AiBenchSizes,
  progress: (line: string) => void,
): BenchRow[] {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import xgboost, numpy; print(xgboost.__version__)'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    progress('ai: python3-xgboost not installed; skipping the side-by-side figure');
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), 'caduceus-bench-xgb-'));
  try {
    // Column-major values and labels as raw float64, the layout our matrix already has.
    writeFileSync(join(dir, 'x.bin'), train.values);
    writeFileSync(join(dir, 'y.bin'), train.target);
    const script = `
import json, sys, time, numpy as np, xgboost as xgb
rows, features, trees, depth, shap_rows = ${sizes.rows}, ${sizes.features}, ${sizes.trees}, ${sizes.depth}, ${sizes.shapRows}
x = np.fromfile(sys.argv[1] + '/x.bin', dtype=np.float64).reshape(features, rows).T.copy()
y = np.fromfile(sys.argv[1] + '/y.bin', dtype=np.float64)
params = {'objective': 'binary:logistic', 'tree_method': 'hist', 'max_depth': depth, 'eta': 0.1, 'nthread': 1, 'max_bin': 256}
times, cpu = [], []
for _ in range(${sizes.runs}):
    start, start_cpu = time.perf_counter(), time.process_time()
    booster = xgb.train(params, xgb.DMatrix(x, label=y, nthread=1), num_boost_round=trees)
    times.append(time.perf_counter() - start)
    cpu.append(time.process_time() - start_cpu)
dm = xgb.DMatrix(x[:shap_rows], nthread=1)
start = time.perf_counter()
booster.predict(dm, pred_contribs=True)
shap_seconds = time.perf_counter() - start
print(json.dumps({'version': xgb.__version__, 'train': sorted(times)[len(times) // 2], 'cpu': sorted(cpu)[len(cpu) // 2], 'shapRowsPerSecond': shap_rows / shap_seconds}))
`;
    const result = spawnSync('/usr/bin/python3', ['-c', script, dir], { encoding: 'utf8', timeout: 600_000 });
    if (result.status !== 0) {
      progress(`ai: XGBoost comparison failed: ${result.stderr.split('\n').slice(-3).join(' ')}`);
      return [];
    }
    const figures = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
      version: string;
      train: number;
      cpu: number;
      shapRowsPerSecond: number;
    };
    return [
      {
        benchmark: `ai: XGBoost ${figures.version} hist training (same data, 1 thread)`,
        value: figures.train.toFixed(2),
        unit: 's',
        target: 'reference',
        note: `median of ${sizes.runs}, CPU ${figures.cpu.toFixed(2)} s; includes DMatrix construction`,
      },
      {
        benchmark: 'ai: XGBoost pred_contribs (exact TreeSHAP, 1 thread)',
        value: Math.round(figures.shapRowsPerSecond).toLocaleString('en'),
        unit: 'rows/s',
        target: 'reference',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
