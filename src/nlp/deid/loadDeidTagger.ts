import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DeidTagger } from './DeidTagger.ts';
import { DeidModelFormatError } from './deidErrors.ts';

/** The shipped model, trained by `scripts/train-deid.ts` on the training patients of the PhysioNet corpus. */
export const DEFAULT_DEID_MODEL_PATH = fileURLToPath(
  new URL('../../../data/models/deid-perceptron.json', import.meta.url),
);

/** Reads a saved de-identification tagger (default: the shipped model). */
export async function loadDeidTagger(path: string = DEFAULT_DEID_MODEL_PATH): Promise<DeidTagger> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new DeidModelFormatError(`Cannot read de-identification model ${path}`, {
      details: ['train one with: npx tsx scripts/train-deid.ts'],
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DeidModelFormatError(`De-identification model ${path} is not JSON`, { cause });
  }
  return DeidTagger.fromJson(json);
}
