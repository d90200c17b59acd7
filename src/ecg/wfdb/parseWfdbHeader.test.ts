import { describe, expect, it } from 'vitest';
import { WfdbHeaderError } from '../ecgErrors.ts';
import { parseWfdbHeader } from './parseWfdbHeader.ts';

describe('parseWfdbHeader', () => {
  it('reads the record line and each signal line of a MIT-BIH header', () => {
    const header = parseWfdbHeader(
      '# comment\n208 2 360 650000\n208.dat 212 573.6011477761837(-48)/mV 12 0 -108 57461 0 MLII\n208.dat 212 753.90625(-117)/mV 12 0 26 27645 0 V1\n',
    );
    expect(header).toMatchObject({ recordName: '208', signalCount: 2, fs: 360, sampleCount: 650000 });
    expect(header.signals[0]).toEqual({
      fileName: '208.dat',
      format: 212,
      byteOffset: 0,
      gain: 573.6011477761837,
      baseline: -48,
      units: 'mV',
      adcResolution: 12,
      adcZero: 0,
      initialValue: -108,
      checksum: 57461,
      description: 'MLII',
    });
    expect(header.signals[1]?.description).toBe('V1');
  });

  it('applies WFDB defaults: baseline = ADC zero, gain 200, byte offsets after "+"', () => {
    const header = parseWfdbHeader('100 1 360/1440 10\n100.dat 16+24 0 12 1024\n');
    expect(header.fs).toBe(360);
    expect(header.signals[0]).toMatchObject({
      format: 16,
      byteOffset: 24,
      gain: 200,
      baseline: 1024,
      units: 'mV',
    });
  });

  it('refuses multi-segment records and missing signal lines', () => {
    expect(() => parseWfdbHeader('multi/3 2 360\n')).toThrow(WfdbHeaderError);
    expect(() => parseWfdbHeader('x 2 360 10\nx.dat 212\n')).toThrow(/expected 2 signal lines/);
    expect(() => parseWfdbHeader('')).toThrow(WfdbHeaderError);
  });
});
