import { describe, expect, it } from 'vitest';
import { ecgObservation } from './ecgObservation.ts';
import { readVentricularRunFindings } from './readVentricularRunFindings.ts';
import { syntheticEcgAnalysis } from './syntheticEcgAnalysis.ts';

function observationOf(classes: string, minRunBeats?: number) {
  const { record, analysis } = syntheticEcgAnalysis(classes);
  return ecgObservation(record, analysis, minRunBeats === undefined ? {} : { minRunBeats });
}

describe('readVentricularRunFindings', () => {
  it('reads back the runs and the longest run of any length from an ECG Observation', () => {
    expect(readVentricularRunFindings(observationOf('NVVVVNVVVN'))).toEqual({ runs: 2, longestBeats: 4 });
    expect(readVentricularRunFindings(observationOf('NVVNVN'))).toEqual({ runs: 0, longestBeats: 2 });
    expect(readVentricularRunFindings(observationOf('NVNN'))).toEqual({ runs: 0, longestBeats: 1 });
    expect(readVentricularRunFindings(observationOf('NNNN'))).toEqual({ runs: 0, longestBeats: 0 });
    expect(readVentricularRunFindings(observationOf('NVVVVNVVVN', 4))).toEqual({ runs: 1, longestBeats: 4 });
  });

  it('ignores other Observations and ECGs entered in error', () => {
    const ecg = observationOf('VVVV');
    expect(readVentricularRunFindings({ ...ecg, status: 'entered-in-error' })).toBeUndefined();
    expect(
      readVentricularRunFindings({
        ...ecg,
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      }),
    ).toBeUndefined();
    expect(readVentricularRunFindings({ ...ecg, component: [] })).toBeUndefined();
  });
});
