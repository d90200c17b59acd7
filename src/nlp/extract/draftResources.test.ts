import type { AllergyIntolerance, Condition, MedicationStatement, Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { isSupportedResourceType } from '../../fhir/supportedResourceTypes.ts';
import { validateResource } from '../../fhir/validateResource.ts';
import { createTestVault, treating } from '../../records/service/testing/createTestVault.ts';
import { draftResources } from './draftResources.ts';
import { extractClinicalMentions } from './extractClinicalMentions.ts';
import { loadSyntheaNoteSample } from './loadSyntheaNoteSample.ts';
import { NLP_DRAFT_TAG, NLP_SOURCE_EXTENSION } from './nlpSourceExtension.ts';

const source = { document: 'DocumentReference/note-1', patient: 'Patient/p1', date: '2024-03-01T08:00:00Z' };
const note = [
  'Type 2 diabetes. Denies chest pain. r/o pneumonia. Mother had a stroke.',
  'Meds: metoprolol 25 mg PO BID. Not taking aspirin.',
  'Allergies: penicillin (rash). Not allergic to latex.',
  'BP 142/88, SpO2 95%',
].join('\n');

function draftsOf(text: string) {
  return draftResources(extractClinicalMentions(text), source).map((d) => d.resource);
}

describe('draftResources', () => {
  const drafts = draftsOf(note);
  const conditions = drafts.filter((r): r is Condition => r.resourceType === 'Condition');
  const status = (c: Condition) => c.verificationStatus?.coding?.[0]?.code;

  it('drafts Conditions as unconfirmed, refuted or provisional, and nothing for a relative', () => {
    expect(conditions.map((c) => [c.code?.text, status(c)])).toEqual([
      ['Type 2 diabetes', 'unconfirmed'],
      ['chest pain', 'refuted'],
      ['pneumonia', 'provisional'],
    ]);
    expect(conditions[0]?.clinicalStatus?.coding?.[0]?.code).toBe('active');
    expect(conditions[1]?.clinicalStatus).toBeUndefined();
    expect(conditions[0]?.code?.coding?.map((c) => c.code)).toEqual(['44054006', 'E11.9']);
    expect(conditions[0]?.evidence?.[0]?.detail?.[0]?.reference).toBe('DocumentReference/note-1');
  });

  it('tags every draft and records the span it came from', () => {
    for (const draft of drafts) {
      expect(draft.meta?.tag).toEqual([NLP_DRAFT_TAG]);
      const ext = draft.extension?.find((e) => e.url === NLP_SOURCE_EXTENSION)?.extension ?? [];
      const get = (url: string) => ext.find((e) => e.url === url);
      const start = get('start')?.valueInteger ?? -1;
      const end = get('end')?.valueInteger ?? -1;
      expect(note.slice(start, end)).toBe(get('text')?.valueString);
      expect(get('document')?.valueReference?.reference).toBe('DocumentReference/note-1');
    }
  });

  it('drafts MedicationStatements with a structured dosage, not-taken when denied', () => {
    const meds = drafts.filter((r): r is MedicationStatement => r.resourceType === 'MedicationStatement');
    expect(meds.map((m) => m.status)).toEqual(['unknown', 'not-taken']);
    const dosage = meds[0]?.dosage?.[0];
    expect(dosage?.doseAndRate?.[0]?.doseQuantity).toMatchObject({ value: 25, code: 'mg' });
    expect(dosage?.route?.coding?.[0]?.code).toBe('26643006');
    expect(dosage?.timing?.code?.coding?.[0]?.code).toBe('BID');
    expect(meds[0]?.derivedFrom?.[0]?.reference).toBe('DocumentReference/note-1');
  });

  it('drafts the affirmed allergy with its reaction and no AllergyIntolerance for a denied one', () => {
    const allergies = drafts.filter((r): r is AllergyIntolerance => r.resourceType === 'AllergyIntolerance');
    expect(allergies).toHaveLength(1);
    expect(allergies[0]?.reaction?.[0]?.manifestation[0]?.text).toBe('rash');
    expect(allergies[0]?.verificationStatus?.coding?.[0]?.code).toBe('unconfirmed');
  });

  it('drafts preliminary vital-sign Observations with LOINC codes and UCUM units', () => {
    const observations = drafts.filter((r): r is Observation => r.resourceType === 'Observation');
    expect(observations.map((o) => o.code.coding?.[0]?.code)).toEqual(['85354-9', '59408-5']);
    expect(observations[0]?.component?.map((c) => c.valueQuantity?.value)).toEqual([142, 88]);
    expect(observations[1]?.valueQuantity).toMatchObject({ value: 95, code: '%' });
    expect(observations.every((o) => o.status === 'preliminary')).toBe(true);
  });

  it('produces resources the vault accepts, for crafted and real notes alike', async () => {
    const { service } = createTestVault();
    const sample = loadSyntheaNoteSample();
    const real = sample.notes.slice(0, 4).flatMap((n) =>
      draftResources(extractClinicalMentions(n.text), {
        document: n.document,
        patient: n.patient,
        date: n.date,
      }),
    );
    const all = [...drafts, ...real.map((d) => d.resource)];
    expect(all.length).toBeGreaterThan(20);
    for (const resource of all) {
      expect(validateResource(resource, { anyResourceType: true }).ok).toBe(true);
      // The vault does not keep MedicationStatement (yet): the API returns those drafts without storing them.
      if (!isSupportedResourceType(resource.resourceType)) continue;
      const written = await service.create(treating, resource.resourceType, resource);
      expect(written.created).toBe(true);
    }
    const bare = draftResources(extractClinicalMentions(note), {}).map((d) => d.resource);
    for (const resource of bare) expect(validateResource(resource, { anyResourceType: true }).ok).toBe(true);
  });
});
