import { InvalidSupplyRequestError } from '../../service/supplyServiceErrors.ts';

/** A case id from the path: a positive decimal integer (the contract numbers cases from 1). */
export function caseIdParam(value: string | undefined): bigint {
  if (!value || !/^[1-9]\d{0,76}$/.test(value))
    throw new InvalidSupplyRequestError(
      `Not an audit case id: ${JSON.stringify((value ?? '').slice(0, 80))}`,
    );
  return BigInt(value);
}
