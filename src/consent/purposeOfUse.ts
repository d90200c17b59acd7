import { InvalidPurposeOfUseError } from './consentErrors.ts';

/** The code system of `X-Purpose-Of-Use` values and of `Consent.provision.purpose`. */
export const PURPOSE_OF_USE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

/** The contract's purpose bits (IConsentRegistry: TREATMENT 1, RESEARCH 2, PUBLIC_HEALTH 4, PAYMENT 8, OPERATIONS 16). */
export const ConsentPurpose = {
  TREATMENT: 1,
  RESEARCH: 2,
  PUBLIC_HEALTH: 4,
  PAYMENT: 8,
  OPERATIONS: 16,
} as const;

/** The HL7 v3 PurposeOfUse codes Caduceus accepts. */
export type PurposeOfUseCode = 'TREAT' | 'ETREAT' | 'HRESCH' | 'PUBHLTH' | 'HPAYMT' | 'HOPERAT';

/** A parsed purpose of use: the contract bit it needs, and whether it is a break-the-glass request. */
export type PurposeOfUse = {
  code: PurposeOfUseCode;
  display: string;
  /** The single contract purpose bit a grant must allow. */
  bit: number;
  /** ETREAT: emergency treatment, allowed without a grant when a reason is given, and always flagged. */
  breakTheGlass: boolean;
};

const table: Readonly<Record<PurposeOfUseCode, PurposeOfUse>> = {
  TREAT: { code: 'TREAT', display: 'treatment', bit: ConsentPurpose.TREATMENT, breakTheGlass: false },
  ETREAT: {
    code: 'ETREAT',
    display: 'Emergency Treatment',
    bit: ConsentPurpose.TREATMENT,
    breakTheGlass: true,
  },
  HRESCH: {
    code: 'HRESCH',
    display: 'healthcare research',
    bit: ConsentPurpose.RESEARCH,
    breakTheGlass: false,
  },
  PUBHLTH: {
    code: 'PUBHLTH',
    display: 'public health',
    bit: ConsentPurpose.PUBLIC_HEALTH,
    breakTheGlass: false,
  },
  HPAYMT: {
    code: 'HPAYMT',
    display: 'healthcare payment',
    bit: ConsentPurpose.PAYMENT,
    breakTheGlass: false,
  },
  HOPERAT: {
    code: 'HOPERAT',
    display: 'healthcare operations',
    bit: ConsentPurpose.OPERATIONS,
    breakTheGlass: false,
  },
};

/** Every accepted code, in the order of the contract bits (ETREAT last: it is never granted, only requested). */
export const PURPOSE_OF_USE_CODES: readonly PurposeOfUseCode[] = [
  'TREAT',
  'HRESCH',
  'PUBHLTH',
  'HPAYMT',
  'HOPERAT',
  'ETREAT',
];

/**
 * Parses an `X-Purpose-Of-Use` header (a bare code, or `system|code` with the v3-ActReason system). Codes are
 * case-sensitive as in HL7; anything else is refused with a message that lists what is accepted.
 */
export function parsePurposeOfUse(value: string | null | undefined): PurposeOfUse {
  const accepted = `Accepted: ${PURPOSE_OF_USE_CODES.join(', ')} (system ${PURPOSE_OF_USE_SYSTEM})`;
  const raw = value?.trim() ?? '';
  if (raw === '') {
    throw new InvalidPurposeOfUseError('A purpose of use is required (X-Purpose-Of-Use header)', {
      details: [accepted],
    });
  }
  let code = raw;
  const bar = raw.lastIndexOf('|');
  if (bar >= 0) {
    const system = raw.slice(0, bar);
    if (system !== PURPOSE_OF_USE_SYSTEM) {
      throw new InvalidPurposeOfUseError(
        `Purpose of use system "${system}" is not ${PURPOSE_OF_USE_SYSTEM}`,
        {
          details: [accepted],
        },
      );
    }
    code = raw.slice(bar + 1);
  }
  const found = Object.hasOwn(table, code) ? table[code as PurposeOfUseCode] : undefined;
  if (!found) {
    const hint = Object.hasOwn(table, code.toUpperCase()) ? ` (did you mean ${code.toUpperCase()}?)` : '';
    throw new InvalidPurposeOfUseError(`Unknown purpose of use "${code}"${hint}`, { details: [accepted] });
  }
  return found;
}

/** The contract purpose bits of grantable codes (ETREAT is requested, never granted, and is refused here). */
export function purposesMaskOf(codes: readonly string[]): number {
  let mask = 0;
  for (const code of codes) {
    const purpose = parsePurposeOfUse(code);
    if (purpose.breakTheGlass) {
      throw new InvalidPurposeOfUseError('ETREAT (break-the-glass) cannot be granted; grant TREAT instead');
    }
    mask |= purpose.bit;
  }
  return mask;
}

/** The grantable codes in a contract purposes mask, in bit order; unknown bits are ignored. */
export function purposeCodesOf(mask: number): PurposeOfUse[] {
  return PURPOSE_OF_USE_CODES.map((code) => table[code]).filter(
    (purpose) => !purpose.breakTheGlass && (mask & purpose.bit) !== 0,
  );
}
