import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { NLP_DRAFT_TAG } from '../../nlp/extract/nlpSourceExtension.ts';
import { readVitalSigns } from './readVitalSigns.ts';
import { CADUCEUS_VITALS_SYSTEM, LOINC } from './vitalCodes.ts';

const obs = (extra: Partial<Observation>): Observation => ({
  resourceType: 'Observation',
  id: 'o1',
  status: 'final',
  code: { coding: [{ system: LOINC, code: '0-0' }] },
  subject: { reference: 'Patient/p' },
  effectiveDateTime: '2024-03-01T08:00:00Z',
  ...extra,
});
const at = Date.parse('2024-03-01T08:00:00Z');
const coded = (code: string, system = LOINC) => ({ coding: [{ system, code }] });

describe('readVitalSigns', () => {
  it('reads single vitals by LOINC code, converting °F', () => {
    expect(
      readVitalSigns(obs({ code: coded('8867-4'), valueQuantity: { value: 88, unit: '/min' } })),
    ).toEqual([{ parameter: 'pulse', value: 88, at, source: 'Observation/o1' }]);
    expect(readVitalSigns(obs({ code: coded('2708-6'), valueQuantity: { value: 93 } }))[0]).toMatchObject({
      parameter: 'spo2',
      value: 93,
    });
    expect(
      readVitalSigns(obs({ code: coded('8310-5'), valueQuantity: { value: 101.3, code: '[degF]' } }))[0],
    ).toMatchObject({ parameter: 'temperature', value: 38.5 });
  });

  it('reads systolic pressure from a blood-pressure panel component', () => {
    const panel = obs({
      code: coded('85354-9'),
      component: [
        { code: coded('8480-6'), valueQuantity: { value: 98 } },
        { code: coded('8462-4'), valueQuantity: { value: 60 } },
      ],
    });
    expect(readVitalSigns(panel)).toEqual([
      { parameter: 'systolicBp', value: 98, at, source: 'Observation/o1' },
    ]);
  });

  it('reads ACVPU and supplemental oxygen in their several forms', () => {
    const acvpu = (value: Partial<Observation>) =>
      readVitalSigns(obs({ code: coded('67775-7'), ...value }))[0]?.value;
    expect(acvpu({ valueCodeableConcept: { coding: [{ code: 'V' }] } })).toBe('V');
    expect(acvpu({ valueCodeableConcept: { text: 'New confusion' } })).toBe('C');
    expect(acvpu({ valueString: 'alert' })).toBe('A');
    expect(acvpu({ valueString: 'drowsy' })).toBeUndefined();
    const oxygen = (value: Partial<Observation>) => readVitalSigns(obs(value))[0]?.value;
    expect(oxygen({ code: coded('3151-8'), valueQuantity: { value: 2 } })).toBe(true);
    expect(oxygen({ code: coded('3151-8'), valueQuantity: { value: 0 } })).toBe(false);
    expect(oxygen({ code: coded('3150-0'), valueQuantity: { value: 21 } })).toBe(false);
    expect(oxygen({ code: coded('supplemental-oxygen', CADUCEUS_VITALS_SYSTEM), valueBoolean: true })).toBe(
      true,
    );
  });

  it('ignores observations in error, without a time, or with codes NEWS2 does not use', () => {
    expect(
      readVitalSigns(obs({ status: 'entered-in-error', code: coded('8867-4'), valueQuantity: { value: 1 } })),
    ).toEqual([]);
    expect(
      readVitalSigns(
        (({ effectiveDateTime: _, ...rest }) => rest)(
          obs({ code: coded('8867-4'), valueQuantity: { value: 80 } }),
        ),
      ),
    ).toEqual([]);
    expect(readVitalSigns(obs({ code: coded('2339-0'), valueQuantity: { value: 5.4 } }))).toEqual([]);
  });

  it('ignores a pulse read out of a note by NLP (a draft), but reads the same pulse measured', () => {
    const pulse = { code: coded('8867-4'), valueQuantity: { value: 135 }, status: 'preliminary' as const };
    expect(readVitalSigns(obs({ ...pulse, meta: { tag: [NLP_DRAFT_TAG] } }))).toEqual([]);
    expect(readVitalSigns(obs(pulse))).toHaveLength(1);
  });
});
