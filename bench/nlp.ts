import { analyseNote } from '../src/nlp/api/analyseNote.ts';
import { loadDeidTagger } from '../src/nlp/deid/loadDeidTagger.ts';
import { draftResources } from '../src/nlp/extract/draftResources.ts';
import { extractClinicalMentions } from '../src/nlp/extract/extractClinicalMentions.ts';
import { loadSyntheaNoteSample } from '../src/nlp/extract/loadSyntheaNoteSample.ts';
import { screenMentalHealth } from '../src/nlp/screen/screenMentalHealth.ts';
import type { BenchRow } from './table.ts';

/**
 * Notes processed per second over the repository's 338 Synthea notes (about 1,300 characters each), files
 * already read: extraction into draft FHIR resources plus the screen, and the note API's whole pipeline
 * (de-identification with the tagger, extraction, drafts, screen) without HTTP.
 */
export async function benchNlp(rounds: number): Promise<BenchRow[]> {
  const tagger = await loadDeidTagger();
  const notes = loadSyntheaNoteSample().notes;
  for (const note of notes.slice(0, 30)) analyseNote(note.text, { patient: note.patient }, tagger);
  const measure = (work: (text: string, patient: string) => void) => {
    let count = 0;
    let chars = 0;
    const started = performance.now();
    for (let round = 0; round < rounds; round++)
      for (const note of notes) {
        work(note.text, note.patient);
        count++;
        chars += note.text.length;
      }
    const seconds = (performance.now() - started) / 1000;
    return { perSecond: count / seconds, kchars: chars / seconds / 1000 };
  };
  const extract = measure((text, patient) => {
    draftResources(extractClinicalMentions(text), { patient });
    screenMentalHealth(text);
  });
  const whole = measure((text, patient) => analyseNote(text, { patient }, tagger));
  return [
    {
      benchmark: 'Clinical-note extraction + screen',
      value: extract.perSecond.toFixed(0),
      unit: 'notes/s',
      target: '-',
      note: `${extract.kchars.toFixed(0)} k chars/s; dictionaries, negation, sig parse, FHIR drafts, PHQ-9 screen`,
    },
    {
      benchmark: 'Note API pipeline (no HTTP)',
      value: whole.perSecond.toFixed(0),
      unit: 'notes/s',
      target: '-',
      note: `${whole.kchars.toFixed(0)} k chars/s; de-identification (tagger) + extraction + drafts + screen`,
    },
  ];
}
