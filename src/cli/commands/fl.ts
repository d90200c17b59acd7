import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { CsvParseError } from '../../ai/aiErrors.ts';
import { loadCsvDataset } from '../../ai/data/loadCsvDataset.ts';
import { evaluateFederatedSplit } from '../../fl/evaluation/evaluateFederatedSplit.ts';
import { SITE_SPLIT_KINDS, type SiteSplitKind } from '../../fl/evaluation/splitAcrossSites.ts';
import type { ParametricModelKind } from '../../fl/models/ParametricModel.ts';
import { parseInteger } from '../options.ts';

type FlEvalCliOptions = {
  csv: string;
  target: string;
  positive?: string;
  sites: number;
  split: SiteSplitKind;
  model: ParametricModelKind;
  skewFeature?: string;
  rounds: number;
  seed: number;
  json?: boolean;
};

const pct = (x: number | undefined) => (x === undefined ? 'n/a' : (100 * x).toFixed(1));

/**
 * `caduceus fl`: federated learning on a user's own data. `fl eval` splits a CSV over simulated sites and reports
 * held-out AUC for pooled training, each site alone, FedAvg (secure aggregation on), FedProx, federated GBDT and
 * DP-SGD at ε = 1, 4, 8; with `--json` the last line is the split's object (as in `reports/fl-eval.json`).
 */
export function registerFlCommand(program: Command): void {
  const fl =
    program.commands.find((c) => c.name() === 'fl') ??
    program.command('fl').description('federated learning: evaluate on your own data with simulated sites');
  fl.command('eval')
    .description('split a CSV over simulated sites and compare pooled, single-site and federated training')
    .requiredOption('--csv <file>', 'CSV with a header row (RFC 4180; NA or empty = missing)')
    .requiredOption('--target <column>', 'the label column')
    .option(
      '--positive <value>',
      'the label value that counts as positive (default: the larger of two values)',
    )
    .option('--sites <n>', 'number of simulated sites', parseInteger(2, 20), 3)
    .addOption(
      new Option('--split <kind>', 'how rows are dealt to sites')
        .choices([...SITE_SPLIT_KINDS])
        .default('iid'),
    )
    .addOption(
      new Option('--model <kind>', 'parametric model').choices(['logistic', 'mlp']).default('logistic'),
    )
    .option(
      '--skew-feature <column>',
      'feature that orders rows for --split feature-skew (default: the first)',
    )
    .option('--rounds <n>', 'federated rounds', parseInteger(1, 1_000), 30)
    .option('--seed <n>', 'random seed (folds, splits, training)', parseInteger(0, 2 ** 32 - 1), 0)
    .option('--json', 'end with one JSON line of the results')
    .action((options: FlEvalCliOptions) => {
      let text: string;
      try {
        text = readFileSync(options.csv, 'utf8');
      } catch (cause) {
        throw new CsvParseError(`Cannot read ${options.csv}`, { cause });
      }
      const { dataset, positive } = loadCsvDataset(text, {
        target: options.target,
        ...(options.positive === undefined ? {} : { positive: options.positive }),
      });
      const positives = dataset.target.reduce((s, y) => s + y, 0);
      console.log(
        `${dataset.rowCount} rows (${positives} positive: ${options.target} = ${positive}), ${dataset.featureNames.length} features; ` +
          `${options.sites} sites, ${options.split} split, ${options.model}, ${options.rounds} rounds, 5-fold held-out AUC`,
      );
      const result = evaluateFederatedSplit(dataset, {
        sites: options.sites,
        split: options.split,
        model: options.model,
        rounds: options.rounds,
        seed: options.seed,
        ...(options.skewFeature === undefined ? {} : { skewFeature: options.skewFeature }),
      });
      console.log(`pooled   ${pct(result.pooled)}`);
      console.log(`sites    ${result.sites.map(pct).join('  ')}`);
      console.log(`fedavg   ${pct(result.fedavg)}  (secure aggregation)`);
      console.log(`fedprox  ${pct(result.fedprox)}`);
      console.log(`fedgbdt  ${pct(result.fedgbdt)}  (central GBDT ${pct(result.pooledGbdt)})`);
      for (const [epsilon, auc] of Object.entries(result.dp))
        console.log(
          `dp ε=${epsilon.padEnd(3)} ${pct(auc)}  (spent ε ≤ ${result.dpSpent[epsilon]?.toFixed(2)}, δ = ${result.delta})`,
        );
      if (options.json) console.log(JSON.stringify(result));
    });
}
