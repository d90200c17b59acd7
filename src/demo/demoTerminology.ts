/**
 * The coded vocabulary of the demo data: real SNOMED CT, ICD-10-CM, LOINC, RxNorm and CVX codes with their
 * display names (most as Synthea writes them, so generated and Synthea patients look alike to a query), and the
 * plausible ranges the generator draws values from.
 */

/** Code system URIs as FHIR R4 names them. */
export const systems = {
  snomed: 'http://snomed.info/sct',
  icd10: 'http://hl7.org/fhir/sid/icd-10-cm',
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  ucum: 'http://unitsofmeasure.org',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  diagnosticService: 'http://terminology.hl7.org/CodeSystem/v2-0074',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
} as const;

/** A coding with its display. */
export type Code = { code: string; display: string };

/** A laboratory or vital-sign quantity: LOINC code, UCUM unit and the reference interval shown with results. */
export type Measure = Code & { unit: string; decimals: number; low?: number; high?: number };

/** A long-term condition: who gets it, how it is coded in both systems, what is prescribed and monitored. */
export type ChronicCondition = {
  key: string;
  snomed: Code;
  icd10: Code;
  /** Prevalence before and from age 50, the age from which it can start, per patient. */
  prevalence: { young: number; older: number };
  minAge: number;
  medication?: Code;
  /** The hospital follows it up (specialist care) rather than only the clinic. */
  specialist: boolean;
};

const c = (code: string, display: string): Code => ({ code, display });

/** Chronic conditions, with the first-line treatment a guideline would name. */
export const chronicConditions: readonly ChronicCondition[] = [
  {
    key: 'hypertension',
    snomed: c('38341003', 'Hypertension'),
    icd10: c('I10', 'Essential (primary) hypertension'),
    prevalence: { young: 0.12, older: 0.45 },
    minAge: 25,
    medication: c('197361', 'Amlodipine 5 MG Oral Tablet'),
    specialist: false,
  },
  {
    key: 'diabetes',
    snomed: c('44054006', 'Diabetes mellitus type 2 (disorder)'),
    icd10: c('E11.9', 'Type 2 diabetes mellitus without complications'),
    prevalence: { young: 0.05, older: 0.18 },
    minAge: 30,
    medication: c('860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet'),
    specialist: true,
  },
  {
    key: 'hyperlipidemia',
    snomed: c('55822004', 'Hyperlipidemia'),
    icd10: c('E78.5', 'Hyperlipidemia, unspecified'),
    prevalence: { young: 0.1, older: 0.35 },
    minAge: 30,
    medication: c('312961', 'Simvastatin 20 MG Oral Tablet'),
    specialist: false,
  },
  {
    key: 'asthma',
    snomed: c('195967001', 'Asthma'),
    icd10: c('J45.909', 'Unspecified asthma, uncomplicated'),
    prevalence: { young: 0.09, older: 0.07 },
    minAge: 0,
    medication: c('745679', '200 ACTUAT Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler'),
    specialist: false,
  },
  {
    key: 'ckd',
    snomed: c('433144002', 'Chronic kidney disease stage 3 (disorder)'),
    icd10: c('N18.30', 'Chronic kidney disease, stage 3 unspecified'),
    prevalence: { young: 0.01, older: 0.12 },
    minAge: 45,
    specialist: true,
  },
  {
    key: 'afib',
    snomed: c('49436004', 'Atrial fibrillation (disorder)'),
    icd10: c('I48.91', 'Unspecified atrial fibrillation'),
    prevalence: { young: 0, older: 0.08 },
    minAge: 55,
    medication: c('1364445', 'apixaban 5 MG Oral Tablet'),
    specialist: true,
  },
  {
    key: 'copd',
    snomed: c('185086009', 'Chronic obstructive bronchitis (disorder)'),
    icd10: c('J44.9', 'Chronic obstructive pulmonary disease, unspecified'),
    prevalence: { young: 0.01, older: 0.08 },
    minAge: 45,
    medication: c(
      '896209',
      '60 ACTUAT Fluticasone propionate 0.25 MG/ACTUAT / salmeterol 0.05 MG/ACTUAT Dry Powder Inhaler',
    ),
    specialist: true,
  },
  {
    key: 'depression',
    snomed: c('36923009', 'Major depression, single episode (disorder)'),
    icd10: c('F32.9', 'Major depressive disorder, single episode, unspecified'),
    prevalence: { young: 0.1, older: 0.08 },
    minAge: 16,
    medication: c('312940', 'Sertraline 50 MG Oral Tablet'),
    specialist: false,
  },
  {
    key: 'osteoarthritis',
    snomed: c('239873007', 'Osteoarthritis of knee'),
    icd10: c('M17.9', 'Osteoarthritis of knee, unspecified'),
    prevalence: { young: 0.02, older: 0.2 },
    minAge: 40,
    medication: c('313782', 'Acetaminophen 325 MG Oral Tablet'),
    specialist: false,
  },
];

/** A short illness that brings a patient in, and what is prescribed for it. */
export type AcuteCondition = { snomed: Code; icd10: Code; medication?: Code; emergency: boolean };

/** Acute illnesses and injuries (clinic and emergency department). */
export const acuteConditions: readonly AcuteCondition[] = [
  {
    snomed: c('444814009', 'Viral sinusitis (disorder)'),
    icd10: c('J01.90', 'Acute sinusitis, unspecified'),
    emergency: false,
  },
  {
    snomed: c('195662009', 'Acute viral pharyngitis (disorder)'),
    icd10: c('J02.9', 'Acute pharyngitis, unspecified'),
    medication: c('313782', 'Acetaminophen 325 MG Oral Tablet'),
    emergency: false,
  },
  {
    snomed: c('10509002', 'Acute bronchitis (disorder)'),
    icd10: c('J20.9', 'Acute bronchitis, unspecified'),
    emergency: false,
  },
  {
    snomed: c('43878008', 'Streptococcal sore throat (disorder)'),
    icd10: c('J02.0', 'Streptococcal pharyngitis'),
    medication: c('834061', 'Penicillin V Potassium 250 MG Oral Tablet'),
    emergency: false,
  },
  {
    snomed: c('68566005', 'Urinary tract infectious disease (disorder)'),
    icd10: c('N39.0', 'Urinary tract infection, site not specified'),
    medication: c('562251', 'Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet'),
    emergency: false,
  },
  {
    snomed: c('44465007', 'Sprain of ankle'),
    icd10: c('S93.409A', 'Sprain of unspecified ligament of unspecified ankle, initial encounter'),
    medication: c('310965', 'Ibuprofen 200 MG Oral Tablet'),
    emergency: true,
  },
  {
    snomed: c('65966004', 'Fracture of forearm'),
    icd10: c('S52.90XA', 'Unspecified fracture of unspecified forearm, initial encounter'),
    medication: c('1049221', 'Acetaminophen 325 MG / oxyCODONE Hydrochloride 5 MG Oral Tablet'),
    emergency: true,
  },
  {
    snomed: c('62106007', 'Concussion with no loss of consciousness'),
    icd10: c('S06.0X0A', 'Concussion without loss of consciousness, initial encounter'),
    emergency: true,
  },
];

/** Vital signs (LOINC, UCUM). */
export const vitals = {
  height: { code: '8302-2', display: 'Body Height', unit: 'cm', decimals: 1 },
  weight: { code: '29463-7', display: 'Body Weight', unit: 'kg', decimals: 1 },
  bmi: { code: '39156-5', display: 'Body Mass Index', unit: 'kg/m2', decimals: 1, low: 18.5, high: 25 },
  bloodPressure: { code: '85354-9', display: 'Blood pressure panel with all children optional', unit: '' },
  systolic: { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', decimals: 0, high: 130 },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]', decimals: 0, high: 80 },
  heartRate: { code: '8867-4', display: 'Heart rate', unit: '/min', decimals: 0, low: 60, high: 100 },
  respiratoryRate: {
    code: '9279-1',
    display: 'Respiratory rate',
    unit: '/min',
    decimals: 0,
    low: 12,
    high: 20,
  },
  temperature: {
    code: '8310-5',
    display: 'Body temperature',
    unit: 'Cel',
    decimals: 1,
    low: 36.1,
    high: 37.8,
  },
  oxygenSaturation: {
    code: '59408-5',
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    unit: '%',
    decimals: 0,
    low: 95,
    high: 100,
  },
} as const satisfies Record<string, Partial<Measure> & Code & { unit: string }>;

/** Laboratory tests (LOINC, UCUM units, adult reference intervals). */
export const labs = {
  glucose: { code: '2339-0', display: 'Glucose', unit: 'mg/dL', decimals: 0, low: 70, high: 99 },
  hba1c: {
    code: '4548-4',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
    unit: '%',
    decimals: 1,
    low: 4,
    high: 5.6,
  },
  creatinine: { code: '38483-4', display: 'Creatinine', unit: 'mg/dL', decimals: 2, low: 0.6, high: 1.3 },
  egfr: {
    code: '33914-3',
    display: 'Estimated Glomerular Filtration Rate',
    unit: 'mL/min/{1.73_m2}',
    decimals: 0,
    low: 60,
  },
  sodium: { code: '2947-0', display: 'Sodium', unit: 'mmol/L', decimals: 0, low: 136, high: 145 },
  potassium: { code: '6298-4', display: 'Potassium', unit: 'mmol/L', decimals: 1, low: 3.5, high: 5.1 },
  ureaNitrogen: { code: '6299-2', display: 'Urea Nitrogen', unit: 'mg/dL', decimals: 0, low: 7, high: 20 },
  hemoglobin: {
    code: '718-7',
    display: 'Hemoglobin [Mass/volume] in Blood',
    unit: 'g/dL',
    decimals: 1,
    low: 12,
    high: 17.5,
  },
  leukocytes: {
    code: '6690-2',
    display: 'Leukocytes [#/volume] in Blood by Automated count',
    unit: '10*3/uL',
    decimals: 1,
    low: 4,
    high: 11,
  },
  platelets: {
    code: '777-3',
    display: 'Platelets [#/volume] in Blood by Automated count',
    unit: '10*3/uL',
    decimals: 0,
    low: 150,
    high: 400,
  },
  cholesterol: { code: '2093-3', display: 'Total Cholesterol', unit: 'mg/dL', decimals: 0, high: 200 },
  ldl: {
    code: '18262-6',
    display: 'Low Density Lipoprotein Cholesterol',
    unit: 'mg/dL',
    decimals: 0,
    high: 100,
  },
  hdl: {
    code: '2085-9',
    display: 'High Density Lipoprotein Cholesterol',
    unit: 'mg/dL',
    decimals: 0,
    low: 40,
  },
  triglycerides: { code: '2571-8', display: 'Triglycerides', unit: 'mg/dL', decimals: 0, high: 150 },
} as const satisfies Record<string, Measure>;

/** The lab panels reported as DiagnosticReports, and their members. */
export const panels = {
  metabolic: {
    code: c('51990-0', 'Basic metabolic panel - Blood'),
    members: ['glucose', 'ureaNitrogen', 'creatinine', 'egfr', 'sodium', 'potassium'],
  },
  bloodCount: {
    code: c('58410-2', 'Complete blood count (hemogram) panel - Blood by Automated count'),
    members: ['hemoglobin', 'leukocytes', 'platelets'],
  },
  lipids: {
    code: c('57698-3', 'Lipid panel with direct LDL - Serum or Plasma'),
    members: ['cholesterol', 'ldl', 'hdl', 'triglycerides'],
  },
  hba1c: { code: c('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'), members: ['hba1c'] },
} as const satisfies Record<string, { code: Code; members: readonly (keyof typeof labs)[] }>;

/** Encounter types (SNOMED) as Synthea codes them, and their v3 ActCode class. */
export const encounterTypes = {
  checkUp: { ...c('185349003', 'Encounter for check up (procedure)'), classCode: 'AMB' },
  symptom: { ...c('185345009', 'Encounter for symptom'), classCode: 'AMB' },
  followUp: { ...c('390906007', 'Follow-up encounter'), classCode: 'AMB' },
  emergency: { ...c('50849002', 'Emergency room admission (procedure)'), classCode: 'EMER' },
  inpatient: { ...c('183452005', 'Emergency hospital admission (procedure)'), classCode: 'IMP' },
} as const;

/** Vaccines (CVX) an adult is offered, with the age from which each is given. */
export const vaccines = {
  influenza: c('140', 'Influenza, seasonal, injectable, preservative free'),
  tdap: c('115', 'Tdap'),
  td: c('113', 'Td (adult) preservative free'),
  pneumococcal: c('33', 'pneumococcal polysaccharide vaccine, 23 valent'),
  zoster: c('121', 'zoster'),
  covid: c(
    '208',
    'SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, 30 mcg/0.3mL dose',
  ),
} as const;

/** Allergies as Synthea codes them (SNOMED), with a typical reaction. */
export const allergies: readonly (Code & { category: 'food' | 'environment' | 'medication' })[] = [
  { ...c('91935009', 'Allergy to peanuts'), category: 'food' },
  { ...c('300913006', 'Shellfish allergy'), category: 'food' },
  { ...c('232350006', 'House dust mite allergy'), category: 'environment' },
  { ...c('418689008', 'Allergy to grass pollen'), category: 'environment' },
  { ...c('232347008', 'Dander (animal) allergy'), category: 'environment' },
  { ...c('300916003', 'Latex allergy'), category: 'environment' },
  { ...c('424213003', 'Allergy to bee venom'), category: 'environment' },
  { ...c('91936005', 'Allergy to penicillin (disorder)'), category: 'medication' },
];

/** Procedures (SNOMED), by the setting that performs them. */
export const procedures = {
  medicationReview: c('428191000124101', 'Documentation of current medications'),
  depressionScreening: c('171207006', 'Depression screening'),
  electrocardiogram: c('29303009', 'Electrocardiographic procedure'),
  chestXray: c('399208008', 'Plain chest X-ray (procedure)'),
  spirometry: c('127783003', 'Spirometry (procedure)'),
  colonoscopy: c('73761001', 'Colonoscopy'),
  echocardiogram: c('433236007', 'Transthoracic echocardiography'),
  boneImmobilization: c('274474001', 'Bone immobilization'),
} as const;

/** Clinical document types (LOINC) written as DocumentReferences. */
export const documentTypes = {
  progressNote: c('11506-3', 'Progress note'),
  dischargeSummary: c('18842-5', 'Discharge summary'),
  emergencyNote: c('34111-5', 'Emergency department Note'),
} as const;
