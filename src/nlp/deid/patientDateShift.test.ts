import { describe, expect, it } from 'vitest';
import { patientDateShift } from './patientDateShift.ts';

describe('patientDateShift', () => {
  it('is stable per patient, differs between patients and secrets, and always moves a year', () => {
    const a = patientDateShift('site-secret', 'patient-1');
    expect(patientDateShift('site-secret', 'patient-1')).toBe(a);
    const shifts = new Set(Array.from({ length: 20 }, (_, i) => patientDateShift('site-secret', `p${i}`)));
    expect(shifts.size).toBeGreaterThan(15);
    expect(patientDateShift('other-secret', 'patient-1')).not.toBe(a);
    for (const s of shifts) {
      expect(s).toBeLessThanOrEqual(-1000);
      expect(s).toBeGreaterThanOrEqual(-3000);
    }
  });
});
