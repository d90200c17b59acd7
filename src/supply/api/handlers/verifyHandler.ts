import type { Handler } from 'hono';
import { outcomeResponse } from '../../../api/fhirResponse.ts';
import { outcomes } from '../../../fhir/operationOutcome.ts';
import { checkGs1Serial } from '../../gs1Serial.ts';
import { toGtin14 } from '../../gtin.ts';
import { verifyPackage } from '../../service/verifyPackage.ts';
import type { SupplyEnv } from '../SupplyEnv.ts';

/** A printed expiry: GS1 AI (17) `YYMMDD` (day 00 is not accepted here) or `YYYY-MM-DD`. */
function expiryOf(value: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const gs1 = /^(\d{2})(\d{2})(\d{2})$/.exec(value);
  const [year, month, day] = iso
    ? [iso[1], iso[2], iso[3]]
    : gs1
      ? [`20${gs1[1]}`, gs1[2], gs1[3]]
      : [undefined, undefined, undefined];
  if (!year || !month || !day) return undefined;
  const text = `${year}-${month}-${day}`;
  return new Date(`${text}T00:00:00Z`).toISOString().startsWith(text) ? text : undefined;
}

/**
 * `GET /verify?gtin=&serial=&lot=&expiry=`: a package scan. 400 naming the parameter when one is missing or
 * malformed; else 200 with `genuine`, the serial's and lot's state, expiry, and `saleable` with its reasons.
 */
export const verifyHandler: Handler<SupplyEnv> = async (c) => {
  const gtin = c.req.query('gtin') ?? '';
  const serial = c.req.query('serial') ?? '';
  const lot = c.req.query('lot') ?? '';
  const expiryText = c.req.query('expiry');
  const missing = ['gtin', 'serial', 'lot'].filter((name) => !c.req.query(name));
  if (missing.length > 0)
    return outcomeResponse(outcomes.invalid(`Query parameter(s) required: ${missing.join(', ')}`));
  const gtin14 = toGtin14(gtin);
  checkGs1Serial(serial);
  if (lot.length > 20)
    return outcomeResponse(outcomes.invalid('lot has 1 to 20 characters (GS1 AI 10)', ['lot']));
  const expiry = expiryText === undefined ? undefined : expiryOf(expiryText);
  if (expiryText !== undefined && expiry === undefined)
    return outcomeResponse(outcomes.invalid('expiry is YYMMDD (GS1 AI 17) or YYYY-MM-DD', ['expiry']));
  const answer = await verifyPackage(c.var.supply.chain, c.var.supply.store, {
    gtin: gtin14,
    serial,
    lot,
    ...(expiry === undefined ? {} : { expiry }),
  });
  return c.json(answer);
};
