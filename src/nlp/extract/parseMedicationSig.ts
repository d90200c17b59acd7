/** A coded FHIR concept: system, code, display. */
export type Coded = { system: string; code: string; display: string };

/** How often, as FHIR `Timing.repeat` reads it, with the HL7 abbreviation where one exists. */
export type SigFrequency = {
  frequency: number;
  period: number;
  periodMax?: number;
  periodUnit: 'h' | 'd' | 'wk' | 'mo';
  code?: string;
};

/** What a medication mention's instructions say: dose, route, frequency, as needed; each with its offsets. */
export type MedicationSig = {
  /** The instruction text after the name, as read (e.g. "25 mg PO BID"). */
  text: string;
  dose?: { value: number; unit: string; ucum?: string };
  route?: Coded;
  frequency?: SigFrequency;
  asNeeded?: boolean;
};

const SNOMED = 'http://snomed.info/sct';
/** The HL7 v3 timing abbreviations FHIR's `Timing.code` takes (BID, TID, Q4H, …). */
export const TIMING_ABBREVIATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation';

const UCUM: Record<string, string> = {
  mg: 'mg',
  mcg: 'ug',
  µg: 'ug',
  ug: 'ug',
  g: 'g',
  gm: 'g',
  ml: 'mL',
  l: 'L',
  unit: '[U]',
  units: '[U]',
  unt: '[U]',
  u: '[U]',
  iu: '[iU]',
  meq: 'meq',
  mmol: 'mmol',
  puff: '{puff}',
  puffs: '{puff}',
  tab: '{tbl}',
  tabs: '{tbl}',
  tablet: '{tbl}',
  tablets: '{tbl}',
  cap: '{capsule}',
  caps: '{capsule}',
  capsule: '{capsule}',
  capsules: '{capsule}',
  drop: '[drp]',
  drops: '[drp]',
};
const DOSE = new RegExp(
  String.raw`(\d+(?:\.\d+)?)\s*(${Object.keys(UCUM).join('|')})\b(?:\s*\/\s*(ml|actuat|hr|h|kg|dose)\b)?`,
  'i',
);

const ROUTES: readonly [RegExp, Coded][] = [
  [/\b(?:po|p\.o\.|by mouth|oral(?:ly)?)\b/i, { system: SNOMED, code: '26643006', display: 'Oral route' }],
  [
    /\b(?:iv|ivp|ivpb|intravenous(?:ly)?)\b/i,
    { system: SNOMED, code: '47625008', display: 'Intravenous route' },
  ],
  [/\b(?:im|intramuscular(?:ly)?)\b/i, { system: SNOMED, code: '78421000', display: 'Intramuscular route' }],
  [
    /\b(?:sc|sq|subq|subcut|s\.c\.|subcutaneous(?:ly)?)\b/i,
    { system: SNOMED, code: '34206005', display: 'Subcutaneous route' },
  ],
  [/\b(?:sl|sublingual(?:ly)?)\b/i, { system: SNOMED, code: '37839007', display: 'Sublingual route' }],
  [/\b(?:pr|per rectum|rectal(?:ly)?)\b/i, { system: SNOMED, code: '37161004', display: 'Rectal route' }],
  [/\btopical(?:ly)?\b/i, { system: SNOMED, code: '6064005', display: 'Topical route' }],
  [
    /\b(?:inhaled|inhalation|inh|neb|nebuli[sz]ed|via nebuli[sz]er)\b/i,
    { system: SNOMED, code: '447694001', display: 'Respiratory tract route' },
  ],
  [/\btransdermal(?:ly)?\b/i, { system: SNOMED, code: '45890007', display: 'Transdermal route' }],
  [/\b(?:intranasal|nasal(?:ly)?)\b/i, { system: SNOMED, code: '46713006', display: 'Nasal route' }],
  [/\bvaginal(?:ly)?\b/i, { system: SNOMED, code: '16857009', display: 'Vaginal route' }],
];

const HOURLY_CODES = new Set([1, 2, 3, 4, 6, 8]);
const FREQUENCIES: readonly [RegExp, (m: RegExpExecArray) => SigFrequency][] = [
  [
    /\b(?:q\s?(\d{1,2})\s?-\s?(\d{1,2})\s?h(?:rs?|ours?)?|every (\d{1,2})\s?(?:-|to)\s?(\d{1,2}) hours?)\b/i,
    (m) => ({
      frequency: 1,
      period: Number(m[1] ?? m[3]),
      periodMax: Number(m[2] ?? m[4]),
      periodUnit: 'h',
    }),
  ],
  [
    /\b(?:q\s?(\d{1,2})\s?h(?:rs?|ours?)?|every (\d{1,2}) ?h(?:rs?|ours?)?)\b/i,
    (m) => {
      const hours = Number(m[1] ?? m[2]);
      return {
        frequency: 1,
        period: hours,
        periodUnit: 'h',
        ...(HOURLY_CODES.has(hours) ? { code: `Q${hours}H` } : {}),
      };
    },
  ],
  [/\b(?:qid|q\.i\.d\.|four times (?:a |per )?day|four times daily)/i, () => daily(4, 'QID')],
  [/\b(?:tid|t\.i\.d\.|three times (?:a |per )?day|three times daily)/i, () => daily(3, 'TID')],
  [/\b(?:bid|b\.i\.d\.|twice (?:a |per )?day|twice daily)/i, () => daily(2, 'BID')],
  [/\b(?:qod|every other day)\b/i, () => ({ frequency: 1, period: 2, periodUnit: 'd', code: 'QOD' })],
  [/\b(?:qhs|hs|at bedtime|nightly|every night)\b/i, () => daily(1, 'BED')],
  [/\b(?:qam|every morning|in the morning)\b/i, () => daily(1, 'AM')],
  [/\b(?:qpm|every evening|in the evening)\b/i, () => daily(1, 'PM')],
  [/\b(?:qd|q\.d\.|daily|once (?:a |per )?day|every day|once daily)\b/i, () => daily(1, 'QD')],
  [
    /\b(?:weekly|once (?:a |per )?week|every week|qwk)\b/i,
    () => ({ frequency: 1, period: 1, periodUnit: 'wk', code: 'WK' }),
  ],
  [
    /\b(?:monthly|once (?:a |per )?month|every month)\b/i,
    () => ({ frequency: 1, period: 1, periodUnit: 'mo', code: 'MO' }),
  ],
];

function daily(times: number, code: string): SigFrequency {
  return { frequency: times, period: 1, periodUnit: 'd', code };
}

/**
 * Reads dose, route and frequency from the instruction text that follows a medication name ("25 mg PO BID",
 * "500 mg by mouth twice daily as needed"). Each part is optional; what is not recognised stays in `text` only.
 */
export function parseMedicationSig(text: string): MedicationSig {
  const sig: MedicationSig = { text: text.trim() };
  const dose = DOSE.exec(text);
  if (dose) {
    const unit = (dose[2] as string).toLowerCase();
    const per = dose[3]?.toLowerCase();
    const base = UCUM[unit];
    sig.dose = {
      value: Number(dose[1]),
      unit: per ? `${unit}/${per}` : unit,
      ...(base && (per === undefined || per === 'ml') ? { ucum: per ? `${base}/mL` : base } : {}),
    };
  }
  const route = ROUTES.find(([pattern]) => pattern.test(text));
  if (route) sig.route = route[1];
  for (const [pattern, build] of FREQUENCIES) {
    const match = pattern.exec(text);
    if (match) {
      sig.frequency = build(match);
      break;
    }
  }
  if (/\b(?:prn|p\.r\.n\.|as needed|when needed)\b/i.test(text)) sig.asNeeded = true;
  return sig;
}
