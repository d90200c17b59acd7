import { describe, expect, it } from 'vitest';
import { DeidCorpusFormatError } from './deidErrors.ts';
import { parsePhysionetDeidCorpus } from './parsePhysionetDeidCorpus.ts';

const notes =
  'START_OF_RECORD=7||||1||||\nseen by dr healey 7/22\n||||END_OF_RECORD\n\n' +
  'START_OF_RECORD=7||||2||||\nno events\n||||END_OF_RECORD\n';

describe('parsePhysionetDeidCorpus', () => {
  it('reads notes and gold spans with offsets into the note body', () => {
    const parsed = parsePhysionetDeidCorpus(notes, '7 1 11 17 HCPName healey\n7 1 18 22 Date 7/22\n');
    expect(parsed).toHaveLength(2);
    expect(parsed[0]?.spans).toEqual([
      { start: 11, end: 17, type: 'NAME', goldType: 'HCPName' },
      { start: 18, end: 22, type: 'DATE', goldType: 'Date' },
    ]);
    expect(parsed[1]?.spans).toEqual([]);
  });

  it('rejects a span that does not match the text or names no note', () => {
    expect(() => parsePhysionetDeidCorpus(notes, '7 1 11 17 HCPName smith\n')).toThrow(DeidCorpusFormatError);
    expect(() => parsePhysionetDeidCorpus(notes, '9 1 0 4 Date 7/22\n')).toThrow(DeidCorpusFormatError);
    expect(() => parsePhysionetDeidCorpus('nothing', '')).toThrow(DeidCorpusFormatError);
  });
});
