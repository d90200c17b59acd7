import { fileURLToPath } from 'node:url';
import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { validateResource } from '../fhir/validateResource.ts';
import { type AnalysedBeat, analyzeEcg } from './analyzeEcg.ts';
import { loadEcgBeatClassifier } from './classify/loadEcgBeatClassifier.ts';
import { ecgObservation } from './ecgObservation.ts';
import { readEcgRecord } from './readEcgRecord.ts';
import { ventricularRuns } from './ventricularRuns.ts';

const data = (path: string) => fileURLToPath(new URL(`../../data/${path}`, import.meta.url));
const beats = (classes: string): AnalysedBeat[] =>
  [...classes].map((c, i) => ({ sample: i * 300, class: c as AnalysedBeat['class'] }));

describe('ventricularRuns', () => {
  it('finds runs of consecutive V beats of the given length, at the start, middle and end', () => {
    expect(ventricularRuns(beats('VVVNNVVNVVVVN'))).toEqual([
      { startSample: 0, endSample: 600, beats: 3 },
      { startSample: 2400, endSample: 3300, beats: 4 },
    ]);
    expect(ventricularRuns(beats('NVVNVV'), 2)).toEqual([
      { startSample: 300, endSample: 600, beats: 2 },
      { startSample: 1200, endSample: 1500, beats: 2 },
    ]);
    expect(ventricularRuns(beats('NNSNF'))).toEqual([]);
    expect(() => ventricularRuns([], 1)).toThrow(RangeError);
  });
});

describe('ecgObservation', () => {
  it('turns a real MIT-BIH record into a valid R4 Observation with waveforms, measurements and findings', async () => {
    const record = await readEcgRecord(data('ecg/208'));
    const analysis = analyzeEcg(record, await loadEcgBeatClassifier());
    const observation = ecgObservation(record, analysis, { subject: 'Patient/p1', windowSeconds: 10 });
    const validated = validateResource(JSON.parse(JSON.stringify(observation)));
    expect(validated.ok, JSON.stringify(validated)).toBe(true);

    const component = (text: string) => observation.component?.find((c) => c.code.text?.startsWith(text));
    const waveform = component('ECG lead MLII')?.valueSampledData;
    expect(waveform?.data?.split(' ')).toHaveLength(10 * record.fs);
    expect(waveform?.period).toBeCloseTo(1000 / 360, 5);
    // The first sample, back in millivolts, is the record's first sample to the microvolt.
    expect(Number(waveform?.data?.split(' ')[0]) * (waveform?.factor ?? 0)).toBeCloseTo(
      record.leads[0]?.millivolts[0] ?? Number.NaN,
      3,
    );
    const heartRate = observation.component?.find((c) => c.code.coding?.[0]?.code === '8867-4');
    expect(heartRate?.valueQuantity?.value).toBeGreaterThan(40);
    expect(component('ventricular ectopic beats')?.valueInteger).toBe(analysis.counts.V);
    expect(component('runs of 3 or more')?.valueInteger).toBe(ventricularRuns(analysis.beats).length);
    expect((observation as Observation).subject?.reference).toBe('Patient/p1');
  });
});
