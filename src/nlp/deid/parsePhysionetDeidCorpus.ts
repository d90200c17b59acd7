import type { DeidNote, GoldPhiSpan } from './DeidNote.ts';
import { DeidCorpusFormatError } from './deidErrors.ts';
import type { PhiType } from './PhiSpan.ts';

/** PhysioNet deid's gold types, mapped to our categories (unknown types become OTHER so none is lost). */
const GOLD_TYPE_TO_PHI: Readonly<Record<string, PhiType>> = {
  PTName: 'NAME',
  PTNameInitial: 'NAME',
  HCPName: 'NAME',
  RelativeProxyName: 'NAME',
  Date: 'DATE',
  DateYear: 'DATE',
  Age: 'AGE',
  Location: 'LOCATION',
  Phone: 'PHONE',
  Other: 'OTHER',
};

const RECORD = /START_OF_RECORD=([^|\n]+)\|\|\|\|([^|\n]+)\|\|\|\|\n([\s\S]*?)\|\|\|\|END_OF_RECORD/g;

/**
 * Parses PhysioNet deid's gold corpus: `id.text` (records between `START_OF_RECORD=<patient>||||<note>||||` and
 * `||||END_OF_RECORD`) and `id-phi.phrase` (`<patient> <note> <start> <end> <type> <text>`, offsets into the note
 * body after the header line). Every span is checked against the text it claims to cover.
 */
export function parsePhysionetDeidCorpus(notesText: string, phraseText: string): DeidNote[] {
  const notes = new Map<string, DeidNote>();
  for (const match of notesText.matchAll(RECORD)) {
    const [, patientId = '', noteId = '', text = ''] = match;
    notes.set(`${patientId}:${noteId}`, { patientId, noteId, text, spans: [] });
  }
  if (notes.size === 0) throw new DeidCorpusFormatError('No START_OF_RECORD … END_OF_RECORD notes found');
  const lines = phraseText.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const fields = line.split(' ');
    const [patientId = '', noteId = '', startText = '', endText = '', goldType = ''] = fields;
    const start = Number(startText);
    const end = Number(endText);
    const note = notes.get(`${patientId}:${noteId}`);
    if (!note || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start)
      throw new DeidCorpusFormatError(`Bad gold span on line ${index + 1}`, {
        details: ['expected "<patient> <note> <start> <end> <type> <text>" naming a note of the corpus'],
      });
    const phrase = fields.slice(5).join(' ').trim();
    if (end > note.text.length || note.text.slice(start, end).trim() !== phrase)
      throw new DeidCorpusFormatError(`Gold span on line ${index + 1} does not match the note text`);
    const span: GoldPhiSpan = { start, end, type: GOLD_TYPE_TO_PHI[goldType] ?? 'OTHER', goldType };
    note.spans.push(span);
  }
  const list = [...notes.values()];
  for (const note of list) note.spans.sort((a, b) => a.start - b.start);
  return list;
}
