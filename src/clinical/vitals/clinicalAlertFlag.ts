import type { CodeableConcept, Flag } from '@medplum/fhirtypes';
import type { EscalationLevel } from './escalationLevel.ts';
import { CADUCEUS_VITALS_SYSTEM } from './vitalCodes.ts';

/** Extension on every alert Flag: the escalation level. */
export const ESCALATION_LEVEL_EXTENSION = 'https://caduceus.health/fhir/StructureDefinition/escalation-level';

/** Flag.category of every alert Flag: clinical. */
export const CLINICAL_FLAG_CATEGORY: CodeableConcept = {
  coding: [
    { system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'clinical', display: 'Clinical' },
  ],
};

/** What every alert Flag says, whichever monitor raised it. */
export type ClinicalAlertFlagInput = {
  patient: string;
  encounter?: string | undefined;
  /** The local alert code (`CADUCEUS_VITALS_SYSTEM`) and its display. */
  code: string;
  display: string;
  /** The finding's size as an integer extension (NEWS2 score, longest run). */
  measure: { url: string; value: number };
  level: EscalationLevel;
  summary: string;
  start: string;
  /** Flag.author display: the monitor. */
  author: string;
};

/** An active clinical Flag for the patient, with the finding and the escalation level as extensions. */
export function clinicalAlertFlag(input: ClinicalAlertFlagInput): Flag {
  return {
    resourceType: 'Flag',
    extension: [
      { url: input.measure.url, valueInteger: input.measure.value },
      { url: ESCALATION_LEVEL_EXTENSION, valueCode: input.level },
    ],
    status: 'active',
    category: [CLINICAL_FLAG_CATEGORY],
    code: {
      coding: [{ system: CADUCEUS_VITALS_SYSTEM, code: input.code, display: input.display }],
      text: input.summary,
    },
    subject: { reference: input.patient },
    period: { start: input.start },
    ...(input.encounter === undefined ? {} : { encounter: { reference: input.encounter } }),
    author: { display: input.author },
  };
}
