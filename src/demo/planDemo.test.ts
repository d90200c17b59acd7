import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { consentFhirSystems } from '../consent/consentFhirSystems.ts';
import { demoOrganisations } from './demoOrganisations.ts';
import { defaultDemoSize, planDemo } from './planDemo.ts';

const size = { ...defaultDemoSize, patients: 12, synthea: 3, years: 2 };

describe('planDemo', () => {
  const plan = planDemo(demoOrganisations, size);

  it('is the same plan for the same seed, and another for another seed', () => {
    expect(JSON.stringify(planDemo(demoOrganisations, size).loads)).toBe(JSON.stringify(plan.loads));
    const other = planDemo(demoOrganisations, { ...size, seed: size.seed + 1 });
    expect(other.patients[0]?.address).not.toBe(plan.patients[0]?.address);
  });

  it('gives every patient a key whose address their Patient carries at each organisation', () => {
    expect(plan.patients).toHaveLength(15);
    for (const load of plan.loads) {
      const patient = load.bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource;
      const identifier = (patient as { identifier?: { system?: string; value?: string }[] }).identifier?.find(
        (i) => i.system === consentFhirSystems.address,
      );
      expect(load.patient).toBeDefined();
      expect(identifier?.value).toBe(load.patient?.address);
      expect(privateKeyToAccount(load.patient?.privateKey ?? '0x').address).toBe(load.patient?.address);
    }
  });

  it('spreads patients over all three organisations, the first seen at a hospital and the clinic', () => {
    expect(plan.patients[0]?.organisations).toEqual(['hospital-a', 'clinic-c']);
    const seenAt = new Set(plan.loads.map((l) => l.slug));
    expect(seenAt).toEqual(new Set(['hospital-a', 'hospital-b', 'clinic-c']));
    expect(plan.patients.filter((p) => p.organisations.length > 1).length).toBeGreaterThan(1);
    expect([...plan.staff.keys()]).toEqual(['hospital-a', 'hospital-b', 'clinic-c']);
  });
});
