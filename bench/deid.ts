import { deidentifyText } from '../src/nlp/deid/deidentifyText.ts';
import { detectPhi } from '../src/nlp/deid/detectPhi.ts';
import { loadDeidTagger } from '../src/nlp/deid/loadDeidTagger.ts';
import { loadPhysionetDeidCorpus } from '../src/nlp/deid/loadPhysionetDeidCorpus.ts';
import type { BenchRow } from './table.ts';

/**
 * Notes de-identified per second: the whole `caduceus ai deid` pipeline (rules, context rules, tagger, tag
 * replacement) over the repository's 1,450 PhysioNet nursing notes (about 880 characters each), files already read.
 */
export async function benchDeid(rounds: number): Promise<BenchRow[]> {
  const tagger = await loadDeidTagger();
  const notes = loadPhysionetDeidCorpus().map((n) => n.text);
  for (const text of notes.slice(0, 50)) detectPhi(text, tagger);
  let count = 0;
  let chars = 0;
  const started = performance.now();
  for (let round = 0; round < rounds; round++)
    for (const text of notes) {
      deidentifyText(text, tagger);
      count++;
      chars += text.length;
    }
  const seconds = (performance.now() - started) / 1000;
  return [
    {
      benchmark: 'Clinical-note de-identification',
      value: (count / seconds).toFixed(0),
      unit: 'notes/s',
      target: '-',
      note: `${(chars / seconds / 1000).toFixed(0)} k chars/s; rules + context rules + perceptron tagger, tag mode`,
    },
  ];
}
