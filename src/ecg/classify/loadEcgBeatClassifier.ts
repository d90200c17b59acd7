import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { EcgModelFormatError } from '../ecgErrors.ts';
import { EcgBeatClassifier } from './EcgBeatClassifier.ts';

/** The classifier `scripts/train-ecg.ts` writes and the CLI uses by default. */
export const DEFAULT_ECG_MODEL_PATH = fileURLToPath(
  new URL('../../../data/models/ecg-beat-classifier.json', import.meta.url),
);

/** Loads a saved beat classifier (default: the repository's trained model). */
export async function loadEcgBeatClassifier(
  path: string = DEFAULT_ECG_MODEL_PATH,
): Promise<EcgBeatClassifier> {
  if (!existsSync(path))
    throw new EcgModelFormatError('ECG beat classifier not found', {
      details: [path, 'train it with: npx tsx scripts/train-ecg.ts'],
    });
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new EcgModelFormatError('ECG beat classifier is not valid JSON', { details: [path], cause });
  }
  return EcgBeatClassifier.fromJson(json);
}
