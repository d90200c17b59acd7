import type { Coding } from '@medplum/fhirtypes';

/** The code systems and codes an `AuditEvent` of Caduceus uses (FHIR R4 terminology, DICOM, HL7 v3). */
export const auditCodes = {
  restType: {
    system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
    code: 'rest',
    display: 'RESTful Operation',
  },
  interactionSystem: 'http://hl7.org/fhir/restful-interaction',
  outcomeSystem: 'http://terminology.hl7.org/CodeSystem/audit-event-outcome',
  emergencyOverride: {
    system: 'http://dicom.nema.org/resources/ontology/DCM',
    code: '110127',
    display: 'Emergency Override Started',
  },
  breakTheGlassLabel: {
    system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
    code: 'BTG',
    display: 'break the glass',
  },
  humanUser: {
    system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type',
    code: 'humanuser',
    display: 'human user',
  },
  application: {
    system: 'http://dicom.nema.org/resources/ontology/DCM',
    code: '110150',
    display: 'Application',
  },
  custodian: {
    system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
    code: 'CST',
    display: 'custodian',
  },
  applicationServer: {
    system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
    code: '4',
    display: 'Application Server',
  },
  entityPerson: {
    system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
    code: '1',
    display: 'Person',
  },
  entityObject: {
    system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
    code: '2',
    display: 'System Object',
  },
  rolePatient: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
  roleResource: {
    system: 'http://terminology.hl7.org/CodeSystem/object-role',
    code: '4',
    display: 'Domain Resource',
  },
  roleQuery: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '24', display: 'Query' },
  /** Our extension carrying the break-the-glass reason (shown to the patient). */
  breakTheGlassReasonUrl: 'https://caduceus.health/fhir/StructureDefinition/break-the-glass-reason',
  /** Identifier system of OAuth2 client ids (system agents without a FHIR resource). */
  clientIdSystem: 'https://caduceus.health/fhir/client-id',
  /** Identifier system of node signing addresses (the audit source). */
  nodeAddressSystem: 'https://caduceus.health/fhir/node-address',
} as const satisfies Record<string, Coding | string>;
