import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DeidInputError } from '../../nlp/deid/deidErrors.ts';
import { deidentifyText } from '../../nlp/deid/deidentifyText.ts';
import { loadDeidTagger } from '../../nlp/deid/loadDeidTagger.ts';
import type { ReplacementOptions } from '../../nlp/deid/replacePhi.ts';
import { SurrogateBook } from '../../nlp/deid/SurrogateBook.ts';
import { parseInteger } from '../options.ts';

type AiDeidOptions = {
  in: string;
  json?: boolean;
  surrogates?: boolean;
  shiftDays: number;
  seed: number;
  model?: string;
};

/**
 * `caduceus ai deid --in notes.txt [--json]`: prints the note with its PHI replaced by tags (`[NAME]`, `[DATE]`, …)
 * or, with `--surrogates`, by consistent stand-ins and dates shifted by `--shift-days`. With `--json` the last
 * line is `{"text":…,"spans":[{"start","end","type"}]}`, offsets into the input. Finds or builds the `ai` group.
 */
export function registerAiDeidCommand(program: Command): void {
  const ai =
    program.commands.find((c) => c.name() === 'ai') ?? program.command('ai').description('clinical AI tools');
  ai.command('deid')
    .description('de-identify a clinical note: find PHI (names, dates, places, numbers, …) and replace it')
    .requiredOption('--in <file>', 'a plain-text clinical note (UTF-8)')
    .option('--json', 'end with one JSON line: {"text":…,"spans":[{"start":…,"end":…,"type":"NAME"},…]}')
    .option('--surrogates', 'replace PHI with consistent surrogates and shifted dates instead of tags')
    .option('--shift-days <n>', 'date shift in days for --surrogates', parseInteger(-36_500, 36_500), -1000)
    .option('--seed <n>', 'seed of the surrogate choice for --surrogates', parseInteger(0, 2 ** 32 - 1), 0)
    .option('--model <file>', 'tagger JSON (default: data/models/deid-perceptron.json)')
    .action(async (options: AiDeidOptions) => {
      let text: string;
      try {
        text = readFileSync(options.in, 'utf8');
      } catch (cause) {
        throw new DeidInputError(`Cannot read the note ${options.in}`, { cause });
      }
      const tagger = await loadDeidTagger(options.model);
      const replacement: ReplacementOptions = options.surrogates
        ? { mode: 'surrogate', book: new SurrogateBook(options.seed), dateShiftDays: options.shiftDays }
        : { mode: 'tag' };
      const result = deidentifyText(text, tagger, replacement);
      console.log(result.text);
      if (options.json) console.log(JSON.stringify({ text: result.text, spans: result.spans }));
    });
}
