import type { Condition, Encounter, Procedure } from '@medplum/fhirtypes';
import type { SeededRandom } from '../ai/random/SeededRandom.ts';
import type { DemoBundleBuilder } from './DemoBundleBuilder.ts';
import type { DemoPatientProfile } from './DemoPatientProfile.ts';
import {
  bloodPressureObservation,
  labReport,
  type MeasurementContext,
  quantityObservation,
} from './demoObservations.ts';
import { type Measurements, measurementsAt } from './demoPhysiology.ts';
import { type Code, documentTypes, labs, panels, systems, vitals } from './demoTerminology.ts';

/** Where a patient's records are written: the bundle, the patient, the organisation and its clinicians. */
export type VisitSetting = {
  builder: DemoBundleBuilder;
  random: SeededRandom;
  profile: DemoPatientProfile;
  patient: string;
  organisation: string;
  practitioners: readonly string[];
};

/** An encounter in progress: its reference, when it started, and who saw the patient. */
export type Visit = {
  encounter: string;
  at: Date;
  end: Date;
  performer: string;
  context: MeasurementContext;
};

const snomed = ({ code, display }: Code) => ({
  coding: [{ system: systems.snomed, code, display }],
  text: display,
});

/** Writes the pieces of one visit (encounter, vitals, labs, diagnoses, procedures, notes) into the bundle. */
export class DemoVisitWriter {
  constructor(private readonly s: VisitSetting) {}

  /** Opens an encounter of the given type lasting `minutes`; the reason, when given, is a SNOMED code. */
  encounter(type: Code & { classCode: string }, at: Date, minutes: number, reason?: Code): Visit {
    const performer = this.s.practitioners[this.s.random.nextInt(this.s.practitioners.length)] ?? '';
    const end = new Date(at.getTime() + minutes * 60_000);
    const encounter: Encounter = {
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: systems.actCode, code: type.classCode },
      type: [snomed(type)],
      subject: { reference: this.s.patient },
      participant: [{ individual: { reference: performer } }],
      period: { start: at.toISOString(), end: end.toISOString() },
      ...(reason ? { reasonCode: [snomed(reason)] } : {}),
      serviceProvider: { reference: this.s.organisation },
    };
    const reference = this.s.builder.add(encounter);
    return {
      encounter: reference,
      at,
      end,
      performer,
      context: { patient: this.s.patient, encounter: reference, performer, at },
    };
  }

  /** Height, weight, BMI, blood pressure, pulse, breathing, temperature and oxygen saturation. */
  vitalSigns(visit: Visit, m: Measurements): void {
    const add = (measure: (typeof vitals)['height' | 'weight' | 'bmi' | 'heartRate'], value: number) =>
      this.s.builder.add(quantityObservation('vital-signs', measure, value, visit.context));
    add(vitals.height, m.heightCm);
    add(vitals.weight, m.weightKg);
    add(vitals.bmi, m.bmi);
    this.s.builder.add(
      bloodPressureObservation(vitals.bloodPressure, vitals.systolic, vitals.diastolic, m, visit.context),
    );
    add(vitals.heartRate, m.heartRate);
    this.s.builder.add(
      quantityObservation('vital-signs', vitals.respiratoryRate, m.respiratoryRate, visit.context),
    );
    this.s.builder.add(quantityObservation('vital-signs', vitals.temperature, m.temperature, visit.context));
    this.s.builder.add(
      quantityObservation('vital-signs', vitals.oxygenSaturation, m.oxygenSaturation, visit.context),
    );
  }

  /** Draws blood for the named panels; results come the same day, grouped in a DiagnosticReport per panel. */
  labPanels(visit: Visit, m: Measurements, names: readonly (keyof typeof panels)[]): void {
    const drawn = { ...visit.context, at: new Date(visit.at.getTime() + 20 * 60_000) };
    for (const name of names) {
      const panel = panels[name];
      const results = panel.members.map((member) =>
        this.s.builder.add(quantityObservation('laboratory', labs[member], m[member], drawn)),
      );
      this.s.builder.add(labReport(panel.code, results, drawn));
    }
  }

  /** The measurements of this patient at this visit. */
  measure(visit: Visit, acuteIllness = false): Measurements {
    return measurementsAt(this.s.random, this.s.profile, visit.at, { acuteIllness });
  }

  /** A diagnosis on the problem list (chronic: active; acute: resolved two weeks later), coded SNOMED + ICD-10. */
  condition(visit: Visit, codes: { snomed: Code; icd10: Code }, onset: Date, chronic: boolean): string {
    const abatement = new Date(onset.getTime() + 14 * 86_400_000);
    const condition: Condition = {
      resourceType: 'Condition',
      clinicalStatus: {
        coding: [{ system: systems.conditionClinical, code: chronic ? 'active' : 'resolved' }],
      },
      verificationStatus: { coding: [{ system: systems.conditionVerification, code: 'confirmed' }] },
      category: [
        {
          coding: [
            chronic
              ? { system: systems.conditionCategory, code: 'problem-list-item', display: 'Problem List Item' }
              : {
                  system: systems.conditionCategory,
                  code: 'encounter-diagnosis',
                  display: 'Encounter Diagnosis',
                },
          ],
        },
      ],
      code: {
        coding: [
          { system: systems.snomed, ...codes.snomed },
          { system: systems.icd10, ...codes.icd10 },
        ],
        text: codes.snomed.display,
      },
      subject: { reference: this.s.patient },
      encounter: { reference: visit.encounter },
      onsetDateTime: onset.toISOString(),
      ...(chronic ? {} : { abatementDateTime: abatement.toISOString() }),
      recordedDate: visit.at.toISOString(),
      recorder: { reference: visit.performer },
    };
    return this.s.builder.add(condition);
  }

  /** A prescription (RxNorm); long-term ones stay active, short courses are completed. */
  prescribe(visit: Visit, medication: Code, reason: string | undefined, longTerm: boolean): void {
    this.s.builder.add({
      resourceType: 'MedicationRequest',
      status: longTerm ? 'active' : 'completed',
      intent: 'order',
      medicationCodeableConcept: {
        coding: [{ system: systems.rxnorm, ...medication }],
        text: medication.display,
      },
      subject: { reference: this.s.patient },
      encounter: { reference: visit.encounter },
      authoredOn: visit.at.toISOString(),
      requester: { reference: visit.performer },
      ...(reason ? { reasonReference: [{ reference: reason }] } : {}),
      dosageInstruction: [
        {
          text: longTerm
            ? 'One tablet by mouth once daily'
            : 'One tablet by mouth every 6 to 8 hours for 7 days',
          timing: { repeat: { frequency: longTerm ? 1 : 3, period: 1, periodUnit: 'd' } },
        },
      ],
    });
  }

  /** A procedure done at the visit (SNOMED). */
  procedure(visit: Visit, code: Code, reason?: string): void {
    const procedure: Procedure = {
      resourceType: 'Procedure',
      status: 'completed',
      code: snomed(code),
      subject: { reference: this.s.patient },
      encounter: { reference: visit.encounter },
      performedPeriod: { start: visit.at.toISOString(), end: visit.end.toISOString() },
      performer: [{ actor: { reference: visit.performer } }],
      ...(reason ? { reasonReference: [{ reference: reason }] } : {}),
    };
    this.s.builder.add(procedure);
  }

  /** A clinical note as plain text, written by the clinician at the end of the visit. */
  note(visit: Visit, type: keyof typeof documentTypes, text: string): void {
    const code = documentTypes[type];
    this.s.builder.add({
      resourceType: 'DocumentReference',
      status: 'current',
      docStatus: 'final',
      type: { coding: [{ system: systems.loinc, ...code }], text: code.display },
      category: [
        {
          coding: [
            {
              system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
              code: 'clinical-note',
              display: 'Clinical Note',
            },
          ],
        },
      ],
      subject: { reference: this.s.patient },
      date: visit.end.toISOString(),
      author: [{ reference: visit.performer }],
      custodian: { reference: this.s.organisation },
      content: [
        {
          attachment: {
            contentType: 'text/plain; charset=utf-8',
            language: 'en',
            data: Buffer.from(text, 'utf8').toString('base64'),
            title: code.display,
            creation: visit.end.toISOString(),
          },
        },
      ],
      context: {
        encounter: [{ reference: visit.encounter }],
        period: { start: visit.at.toISOString(), end: visit.end.toISOString() },
      },
    });
  }
}
