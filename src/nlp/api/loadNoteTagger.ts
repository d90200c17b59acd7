import type { Logger } from '../../logger.ts';
import type { DeidTagger } from '../deid/DeidTagger.ts';
import { loadDeidTagger } from '../deid/loadDeidTagger.ts';

/**
 * The shipped de-identification tagger for the note API, or undefined (with a warning) when the model cannot be
 * read, so a node without the model still serves notes, de-identified by the rules alone.
 */
export async function loadNoteTagger(logger: Logger): Promise<DeidTagger | undefined> {
  try {
    return await loadDeidTagger();
  } catch (error) {
    logger.warn('de-identification model not loaded; the note API de-identifies with rules only', {
      error: error instanceof Error ? error.name : typeof error,
    });
    return undefined;
  }
}
