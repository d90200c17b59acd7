import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDicomWaveform } from './dicom/readDicomWaveform.ts';
import { DicomFormatError, EcgRecordNotFoundError } from './ecgErrors.ts';
import { readEcgRecord } from './readEcgRecord.ts';

const data = (path: string) => fileURLToPath(new URL(`../../data/${path}`, import.meta.url));

describe('readEcgRecord', () => {
  it('reads a MIT-BIH record (format 212, checksums verified) with its annotations, in millivolts', async () => {
    const record = await readEcgRecord(data('ecg/208'));
    expect(record.name).toBe('208');
    expect(record.fs).toBe(360);
    expect(record.leads.map((l) => l.name)).toEqual(['MLII', 'V1']);
    expect(record.leads[0]?.millivolts).toHaveLength(650000);
    // Header: initial value -108, baseline -48, gain 573.60… ADC units per mV.
    expect(record.leads[0]?.millivolts[0]).toBeCloseTo((-108 + 48) / 573.6011477761837, 5);
    expect(record.annotations?.length).toBe(3040);
    const viaExtension = await readEcgRecord(data('ecg/208.hea'));
    expect(viaExtension.leads[1]?.millivolts[1000]).toBe(record.leads[1]?.millivolts[1000]);
  });

  it('reads the DICOM 12-lead waveform: 10 s at 1 kHz, lead names, microvolt sensitivity scaled to mV', async () => {
    const record = await readEcgRecord(data('dicom/waveform_ecg.dcm'));
    expect(record.fs).toBe(1000);
    expect(record.leads).toHaveLength(12);
    expect(record.leads[1]?.name).toBe('Lead II');
    expect(record.leads[11]?.name).toBe('Lead V6');
    for (const lead of record.leads) {
      expect(lead.millivolts).toHaveLength(10000);
      const peak = lead.millivolts.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(peak).toBeGreaterThan(0.2);
      expect(peak).toBeLessThan(5);
    }
  });

  it('says what is wrong with a missing path, a non-DICOM file and a truncated DICOM file', async () => {
    await expect(readEcgRecord(data('ecg/nope'))).rejects.toThrow(EcgRecordNotFoundError);
    expect(() => readDicomWaveform(new Uint8Array(200), 'x')).toThrow(DicomFormatError);
    const bytes = readFileSync(data('dicom/waveform_ecg.dcm'));
    expect(() => readDicomWaveform(bytes.subarray(0, 5000), 'x')).toThrow(/truncated/);
  });
});
