import type {
  AllergyIntolerance,
  CodeableConcept,
  Condition,
  DocumentReference,
  Dosage,
  MedicationStatement,
  Observation,
  Patient,
  Quantity,
  Reference,
} from '@medplum/fhirtypes';
import { LOINC, LOINC_BP_PANEL, LOINC_DIASTOLIC, VITAL_LOINC } from '../../clinical/vitals/vitalCodes.ts';
import type {
  AllergyMention,
  ClinicalMention,
  ConditionMention,
  MedicationMention,
  VitalMention,
} from './ClinicalMention.ts';
import { NLP_DRAFT_TAG, nlpSourceExtension } from './nlpSourceExtension.ts';
import { TIMING_ABBREVIATION_SYSTEM } from './parseMedicationSig.ts';

/** Where a note came from: its DocumentReference, whose it is, and when it was written (all optional). */
export type NoteSource = { document?: string; patient?: string; date?: string };

/** A draft and the mention it came from. */
export type DraftResource = {
  mention: ClinicalMention;
  resource: Condition | MedicationStatement | AllergyIntolerance | Observation;
};

const SNOMED = 'http://snomed.info/sct';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';

const coded = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
});

function common(mention: ClinicalMention, source: NoteSource) {
  return { meta: { tag: [NLP_DRAFT_TAG] }, extension: [nlpSourceExtension(mention, source.document)] };
}

const documentRef = (source: NoteSource): Reference<DocumentReference>[] =>
  source.document ? [{ reference: source.document }] : [];

/** The patient, or a reference that says none was given (such a draft is shown, never stored). */
const patientRef = (source: NoteSource): Reference<Patient> =>
  source.patient ? { reference: source.patient } : { display: 'patient not identified' };

const VERIFICATION = { negated: 'refuted', uncertain: 'provisional' } as const;

function condition(mention: ConditionMention, source: NoteSource): Condition {
  const { concept } = mention;
  const verification =
    mention.assertion === 'negated' || mention.assertion === 'uncertain'
      ? VERIFICATION[mention.assertion]
      : 'unconfirmed';
  return {
    resourceType: 'Condition',
    ...common(mention, source),
    // Only a present-tense, affirmed mention says the condition is active now; history may be resolved.
    ...(mention.assertion === 'affirmed'
      ? { clinicalStatus: coded('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active') }
      : {}),
    verificationStatus: coded('http://terminology.hl7.org/CodeSystem/condition-ver-status', verification),
    code: {
      coding: [
        { system: SNOMED, code: concept.snomed, display: concept.display },
        ...(concept.icd10 ? [{ system: ICD10, code: concept.icd10 }] : []),
      ],
      text: mention.text,
    },
    subject: patientRef(source),
    ...(source.document ? { evidence: [{ detail: documentRef(source) }] } : {}),
  };
}

function dosage(mention: MedicationMention): Dosage | undefined {
  const { sig } = mention;
  if (!sig.dose && !sig.route && !sig.frequency && !sig.asNeeded) return undefined;
  const { frequency } = sig;
  return {
    text: `${mention.text} ${sig.text}`.trim(),
    ...(frequency
      ? {
          timing: {
            repeat: {
              frequency: frequency.frequency,
              period: frequency.period,
              ...(frequency.periodMax ? { periodMax: frequency.periodMax } : {}),
              periodUnit: frequency.periodUnit,
            },
            ...(frequency.code ? { code: coded(TIMING_ABBREVIATION_SYSTEM, frequency.code) } : {}),
          },
        }
      : {}),
    ...(sig.asNeeded ? { asNeededBoolean: true } : {}),
    ...(sig.route ? { route: coded(sig.route.system, sig.route.code, sig.route.display) } : {}),
    ...(sig.dose
      ? {
          doseAndRate: [
            {
              doseQuantity: {
                value: sig.dose.value,
                unit: sig.dose.unit,
                ...(sig.dose.ucum ? { system: UCUM, code: sig.dose.ucum } : {}),
              },
            },
          ],
        }
      : {}),
  };
}

function medicationStatement(mention: MedicationMention, source: NoteSource): MedicationStatement {
  const { concept } = mention;
  const dose = dosage(mention);
  return {
    resourceType: 'MedicationStatement',
    ...common(mention, source),
    // MedicationStatement has no draft status: "unknown" until a clinician confirms (the draft tag says why).
    status: mention.assertion === 'negated' ? 'not-taken' : mention.stopped ? 'stopped' : 'unknown',
    medicationCodeableConcept: {
      ...(concept.rxnorm ? coded(RXNORM, concept.rxnorm, concept.name) : {}),
      text: mention.text,
    },
    subject: patientRef(source),
    ...(source.date ? { dateAsserted: source.date } : {}),
    ...(source.document ? { derivedFrom: documentRef(source) } : {}),
    ...(dose ? { dosage: [dose] } : {}),
  };
}

function allergyIntolerance(mention: AllergyMention, source: NoteSource): AllergyIntolerance {
  const { allergen } = mention;
  const code: CodeableConcept =
    'noKnown' in allergen
      ? allergen.noKnown === 'drug-allergy'
        ? coded(SNOMED, '409137002', 'No known drug allergy')
        : coded(SNOMED, '716186003', 'No known allergy')
      : {
          ...(allergen.code && allergen.system
            ? coded(allergen.system === 'rxnorm' ? RXNORM : SNOMED, allergen.code, allergen.display)
            : {}),
          text: mention.text,
        };
  return {
    resourceType: 'AllergyIntolerance',
    ...common(mention, source),
    clinicalStatus: coded('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', 'active'),
    verificationStatus: coded(
      'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
      'unconfirmed',
    ),
    ...('noKnown' in allergen ? {} : { type: 'allergy', category: [allergen.category] }),
    code,
    patient: patientRef(source),
    ...(source.date ? { recordedDate: source.date } : {}),
    ...(mention.reaction ? { reaction: [{ manifestation: [{ text: mention.reaction }] }] } : {}),
  };
}

const VITAL_CODES: Record<VitalMention['vital'], { code: string; display: string }> = {
  'blood-pressure': { code: LOINC_BP_PANEL, display: 'Blood pressure panel with all children optional' },
  'heart-rate': { code: VITAL_LOINC.pulse[0], display: 'Heart rate' },
  'respiratory-rate': { code: VITAL_LOINC.respirationRate[0], display: 'Respiratory rate' },
  temperature: { code: VITAL_LOINC.temperature[0], display: 'Body temperature' },
  'oxygen-saturation': {
    code: VITAL_LOINC.spo2[0],
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
  },
  'body-weight': { code: '29463-7', display: 'Body weight' },
};

function observation(mention: VitalMention, source: NoteSource): Observation {
  const { code, display } = VITAL_CODES[mention.vital];
  const quantity = (i: number): Quantity => {
    const value = mention.values[i] ?? mention.values[0];
    return value ? { value: value.value, unit: value.unit, system: UCUM, code: value.ucum } : {};
  };
  return {
    resourceType: 'Observation',
    ...common(mention, source),
    status: 'preliminary',
    category: [coded('http://terminology.hl7.org/CodeSystem/observation-category', 'vital-signs')],
    code: coded(LOINC, code, display),
    subject: patientRef(source),
    ...(source.date ? { effectiveDateTime: source.date } : {}),
    ...(source.document ? { derivedFrom: documentRef(source) } : {}),
    ...(mention.vital === 'blood-pressure'
      ? {
          component: [
            {
              code: coded(LOINC, VITAL_LOINC.systolicBp[0], 'Systolic blood pressure'),
              valueQuantity: quantity(0),
            },
            { code: coded(LOINC, LOINC_DIASTOLIC, 'Diastolic blood pressure'), valueQuantity: quantity(1) },
          ],
        }
      : { valueQuantity: quantity(0) }),
  };
}

/**
 * Turns mentions into draft FHIR resources, each tagged `NLP_DRAFT_TAG`, carrying the `nlp-source` extension
 * (offsets, assertion, explanation) and linked to the source DocumentReference where FHIR has a place for it
 * (Condition.evidence, MedicationStatement/Observation.derivedFrom). Drafts are never "confirmed": a Condition is
 * `unconfirmed` (affirmed, historical), `provisional` (uncertain) or `refuted` (negated, kept as a pertinent
 * negative); a denied medication is `not-taken`; Observations are `preliminary`. Not drafted: anything about a
 * relative (FamilyMemberHistory is another resource) and negated allergies ("not allergic to X" — AllergyIntolerance
 * must carry a clinical status, and "inactive" would misread it).
 */
export function draftResources(mentions: readonly ClinicalMention[], source: NoteSource): DraftResource[] {
  const drafts: DraftResource[] = [];
  for (const mention of mentions) {
    if (mention.assertion === 'family') continue;
    if (mention.kind === 'condition') drafts.push({ mention, resource: condition(mention, source) });
    else if (mention.kind === 'medication')
      drafts.push({ mention, resource: medicationStatement(mention, source) });
    else if (mention.kind === 'allergy' && mention.assertion !== 'negated')
      drafts.push({ mention, resource: allergyIntolerance(mention, source) });
    else if (mention.kind === 'vital') drafts.push({ mention, resource: observation(mention, source) });
  }
  return drafts;
}
