import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeidNote } from './DeidNote.ts';
import { DeidCorpusFormatError } from './deidErrors.ts';
import { parsePhysionetDeidCorpus } from './parsePhysionetDeidCorpus.ts';

/** The repository's copy of the PhysioNet deid nursing-note corpus (GPL-2.0, see its PROVENANCE.md). */
export const DEID_CORPUS_DIR = fileURLToPath(
  new URL('../../../data/deid/physionet-nursing-dev/', import.meta.url),
);

/**
 * The one patient split that training and evaluation share: 30 % of the notes, whole patients, held out. The
 * model records its held-out patients and the evaluation refuses a model trained on any of them.
 */
export const DEID_PATIENT_SPLIT = { testFraction: 0.3, seed: 20_090_401 } as const;

/** Reads `id.text` and `id-phi.phrase` from a corpus directory (default: the repository's copy). */
export function loadPhysionetDeidCorpus(dir: string = DEID_CORPUS_DIR): DeidNote[] {
  let notes: string;
  let phrases: string;
  try {
    notes = readFileSync(join(dir, 'id.text'), 'utf8');
    phrases = readFileSync(join(dir, 'id-phi.phrase'), 'utf8');
  } catch (cause) {
    throw new DeidCorpusFormatError(`Cannot read the deid corpus in ${dir}`, {
      details: ['expected id.text and id-phi.phrase'],
      cause,
    });
  }
  return parsePhysionetDeidCorpus(notes, phrases);
}
