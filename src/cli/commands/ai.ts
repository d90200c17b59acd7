import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { CsvParseError } from '../../ai/aiErrors.ts';
import { loadCsvDataset } from '../../ai/data/loadCsvDataset.ts';
import { type BinaryScores, type CvModelKind, crossValidate } from '../../ai/evaluation/crossValidate.ts';
import { parseInteger } from '../options.ts';

type CvCliOptions = {
  csv: string;
  target: string;
  positive?: string;
  model: CvModelKind;
  folds: number;
  seed: number;
  json?: boolean;
};

const format = (s: BinaryScores) =>
  `auc ${s.auc.toFixed(4)}  prAuc ${s.prAuc.toFixed(4)}  brier ${s.brier.toFixed(4)}  ece ${s.ece.toFixed(4)}`;

/**
 * `caduceus ai`: the AI toolkit on a user's own data. `ai cv` cross-validates a GBDT or logistic model on any CSV
 * (missing values and text categories handled) and prints held-out AUC, PR AUC, Brier score and calibration error
 * per fold and overall; with `--json` the last line is `{"auc":…,"prAuc":…,"brier":…,"ece":…}` (fold means).
 */
export function registerAiCommand(program: Command): void {
  // Other `ai` subcommands (ecg, …) register into the same group whichever runs first.
  const ai =
    program.commands.find((c) => c.name() === 'ai') ??
    program.command('ai').description('the AI toolkit: evaluate models on your own tabular data');
  ai.command('cv')
    .description('stratified k-fold cross-validation of a binary classifier on a CSV file')
    .requiredOption('--csv <file>', 'CSV with a header row (RFC 4180; NA or empty = missing)')
    .requiredOption('--target <column>', 'the label column')
    .option(
      '--positive <value>',
      'the label value that counts as positive (default: the larger of two values)',
    )
    .addOption(new Option('--model <kind>', 'model').choices(['gbdt', 'logistic']).default('gbdt'))
    .option('--folds <k>', 'number of folds', parseInteger(2, 50), 5)
    .option('--seed <n>', 'random seed (folds, sampling)', parseInteger(0, 2 ** 32 - 1), 0)
    .option('--json', 'end with one JSON line of the overall figures')
    .action((options: CvCliOptions) => {
      let text: string;
      try {
        text = readFileSync(options.csv, 'utf8');
      } catch (cause) {
        throw new CsvParseError(`Cannot read ${options.csv}`, { cause });
      }
      const { dataset, positive, droppedRows, encodings } = loadCsvDataset(text, {
        target: options.target,
        ...(options.positive === undefined ? {} : { positive: options.positive }),
      });
      const positives = dataset.target.reduce((s, y) => s + y, 0);
      const categorical = encodings.filter((e) => e.kind !== 'numeric').length;
      console.log(
        `${dataset.rowCount} rows (${positives} positive: ${options.target} = ${positive}), ` +
          `${dataset.featureNames.length} features from ${encodings.length} columns` +
          `${categorical > 0 ? ` (${categorical} categorical)` : ''}` +
          `${droppedRows > 0 ? `, ${droppedRows} rows without a label skipped` : ''}`,
      );
      console.log(
        `${options.folds}-fold stratified cross-validation, model ${options.model}, seed ${options.seed}`,
      );
      const cv = crossValidate(dataset, {
        model: options.model,
        folds: options.folds,
        seed: options.seed,
        onFold: (fold) =>
          console.log(
            `fold ${fold.fold}: ${fold.rows} rows  ${format(fold)}${fold.trees === undefined ? '' : `  trees ${fold.trees}`}`,
          ),
      });
      console.log(`mean:   ${format(cv.mean)}`);
      console.log(`pooled: ${format(cv.pooled)}`);
      if (options.json) console.log(JSON.stringify(cv.mean));
    });
}
