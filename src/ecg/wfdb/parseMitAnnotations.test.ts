import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MitAnnotationFormatError } from '../ecgErrors.ts';
import { isMitBeatCode } from './mitAnnotationCodes.ts';
import { parseMitAnnotations } from './parseMitAnnotations.ts';

const word = (code: number, value: number) => [value & 0xff, ((code << 2) | (value >> 8)) & 0xff];

describe('parseMitAnnotations', () => {
  it('accumulates times, applies SKIP, NUM, SUB, CHN and AUX to the annotation before them', () => {
    const bytes = Uint8Array.from([
      ...word(1, 100), // N at 100
      ...word(5, 200), // V at 300
      ...word(61, 3), // subtype 3 for the V
      ...word(60, 2), // num 2 from here on
      ...word(59, 0), // SKIP 70000 (high word first)
      ...[0x01, 0x00, 0x70, 0x11], // 0x0001_1170 = 70000
      ...word(28, 0), // rhythm at 70300
      ...word(63, 5), // AUX of 5 bytes, padded to 6
      ...[0x28, 0x41, 0x46, 0x49, 0x42, 0x00],
      ...word(62, 1), // channel 1
      ...word(1, 1023),
      0,
      0,
    ]);
    const annotations = parseMitAnnotations(bytes);
    expect(annotations.map((a) => [a.sample, a.symbol])).toEqual([
      [100, 'N'],
      [300, 'V'],
      [70300, '+'],
      [71323, 'N'],
    ]);
    expect(annotations[1]).toMatchObject({ subtype: 3, num: 2, channel: 0 });
    expect(annotations[2]).toMatchObject({ aux: '(AFIB', num: 2, subtype: 0, channel: 1 });
    // num and chan stay in force; subtype and aux do not.
    expect(annotations[3]).toMatchObject({ num: 2, channel: 1, subtype: 0 });
    expect(annotations[3]?.aux).toBeUndefined();
    expect(annotations[0]?.aux).toBeUndefined();
  });

  it('reads MIT-BIH record 208’s reference beats (992 PVCs, 373 fusion beats)', () => {
    const annotations = parseMitAnnotations(
      readFileSync(new URL('../../../data/ecg/208.atr', import.meta.url)),
    );
    const beats = annotations.filter((a) => isMitBeatCode(a.code));
    expect(beats).toHaveLength(2955);
    expect(beats.filter((a) => a.symbol === 'V')).toHaveLength(992);
    expect(beats.filter((a) => a.symbol === 'F')).toHaveLength(373);
    expect(beats.every((a, i) => i === 0 || a.sample > (beats[i - 1]?.sample ?? 0))).toBe(true);
  });

  it('rejects a SKIP cut short', () => {
    expect(() => parseMitAnnotations(Uint8Array.from([...word(59, 0), 0x01]))).toThrow(
      MitAnnotationFormatError,
    );
  });
});
