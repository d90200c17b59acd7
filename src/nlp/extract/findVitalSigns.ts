/** The vital signs extraction reads, each with its LOINC code (FHIR vital-signs profile codes). */
export type VitalKind =
  | 'blood-pressure'
  | 'heart-rate'
  | 'respiratory-rate'
  | 'temperature'
  | 'oxygen-saturation'
  | 'body-weight';

/** One measured value with its UCUM unit. */
export type VitalValue = { value: number; unit: string; ucum: string };

/** A vital sign written in a note: the whole phrase's offsets and the value(s) read. */
export type VitalSignMention = {
  vital: VitalKind;
  start: number;
  end: number;
  /** One value, or for blood pressure systolic then diastolic. */
  values: VitalValue[];
};

const SEP = String.raw`\s*(?:[:=]|\bof\b|\bwas\b|\bis\b)?\s*`;
const num = String.raw`(\d{1,3}(?:\.\d+)?)`;

type Reader = { vital: VitalKind; pattern: RegExp; read: (m: RegExpExecArray) => VitalValue[] | undefined };

const within = (value: number, low: number, high: number) => value >= low && value <= high;

const READERS: readonly Reader[] = [
  {
    vital: 'blood-pressure',
    pattern: new RegExp(
      String.raw`\b(?:BP|B/P|blood pressure)${SEP}(\d{2,3})\s*/\s*(\d{2,3})(?:\s*mm\s*hg)?`,
      'gi',
    ),
    read: (m) => {
      const systolic = Number(m[1]);
      const diastolic = Number(m[2]);
      if (!within(systolic, 50, 300) || !within(diastolic, 20, 200) || diastolic >= systolic)
        return undefined;
      return [
        { value: systolic, unit: 'mmHg', ucum: 'mm[Hg]' },
        { value: diastolic, unit: 'mmHg', ucum: 'mm[Hg]' },
      ];
    },
  },
  {
    vital: 'heart-rate',
    pattern: new RegExp(
      String.raw`\b(?:HR|heart rate|pulse(?: rate)?)${SEP}${num}(?:\s*(?:bpm|/min|beats per minute))?`,
      'gi',
    ),
    read: (m) => {
      const value = Number(m[1]);
      return within(value, 20, 300) ? [{ value, unit: '/min', ucum: '/min' }] : undefined;
    },
  },
  {
    vital: 'respiratory-rate',
    pattern: new RegExp(
      String.raw`\b(?:RR|resp(?:iratory)? rate|respirations?|resps?)${SEP}${num}(?:\s*(?:/min|breaths per minute))?`,
      'gi',
    ),
    read: (m) => {
      const value = Number(m[1]);
      return within(value, 2, 80) ? [{ value, unit: '/min', ucum: '/min' }] : undefined;
    },
  },
  {
    vital: 'temperature',
    pattern: new RegExp(
      String.raw`\b(?:T|temp|temperature|Tmax)${SEP}${num}\s*(?:°|deg(?:rees?)?)?\s*([CF])?\b`,
      'gi',
    ),
    read: (m) => {
      const value = Number(m[1]);
      const scale = m[2]?.toUpperCase() ?? (value < 50 ? 'C' : 'F');
      if (scale === 'C' && within(value, 25, 46)) return [{ value, unit: '°C', ucum: 'Cel' }];
      if (scale === 'F' && within(value, 77, 115)) return [{ value, unit: '°F', ucum: '[degF]' }];
      return undefined;
    },
  },
  {
    vital: 'oxygen-saturation',
    pattern: new RegExp(
      String.raw`\b(?:SpO2|SaO2|O2 sat(?:uration)?s?|sats?|oxygen saturation|pulse ox(?:imetry)?)${SEP}${num}\s*%?`,
      'gi',
    ),
    read: (m) => {
      const value = Number(m[1]);
      return within(value, 40, 100) ? [{ value, unit: '%', ucum: '%' }] : undefined;
    },
  },
  {
    vital: 'body-weight',
    pattern: new RegExp(
      String.raw`\b(?:wt|weight|weighs)${SEP}${num}\s*(kg|kgs|kilograms?|lb|lbs|pounds?)\b`,
      'gi',
    ),
    read: (m) => {
      const value = Number(m[1]);
      const kg = (m[2] as string).toLowerCase().startsWith('k');
      if (kg) return within(value, 0.3, 400) ? [{ value, unit: 'kg', ucum: 'kg' }] : undefined;
      return within(value, 1, 900) ? [{ value, unit: 'lb', ucum: '[lb_av]' }] : undefined;
    },
  },
];

/**
 * Finds vital signs written as label and value ("BP 120/80", "HR: 72", "T 38.2 C", "SpO2 95%", "RR 18",
 * "weight 70 kg"). Values outside what a living patient can have are dropped rather than guessed at; a
 * temperature without a scale is Celsius below 50 and Fahrenheit above.
 */
export function findVitalSigns(text: string): VitalSignMention[] {
  const found: VitalSignMention[] = [];
  for (const reader of READERS) {
    for (const match of text.matchAll(reader.pattern)) {
      const values = reader.read(match as RegExpExecArray);
      if (values)
        found.push({
          vital: reader.vital,
          start: match.index,
          end: match.index + match[0].trimEnd().length,
          values,
        });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
