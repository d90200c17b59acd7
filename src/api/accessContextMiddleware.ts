import type { MiddlewareHandler } from 'hono';
import { InvalidPurposeOfUseError } from '../consent/consentErrors.ts';
import { PURPOSE_OF_USE_CODES, parsePurposeOfUse } from '../consent/purposeOfUse.ts';
import { outcomes } from '../fhir/operationOutcome.ts';
import type { Authenticate } from './Authenticate.ts';
import type { FhirEnv } from './FhirEnv.ts';
import { outcomeResponse } from './fhirResponse.ts';

/** The header that carries the reason for a break-the-glass (`ETREAT`) access. */
export const BREAK_THE_GLASS_REASON_HEADER = 'X-Break-The-Glass-Reason';

/**
 * Establishes the `AccessContext` of a data request: a caller `authenticate` accepts (else 401 with
 * `WWW-Authenticate`), and an `X-Purpose-Of-Use` HL7 v3 code (else 400 `missingPurposeOfUse`; an unknown code is
 * a 400 naming the accepted ones; `ETREAT` without a reason is a 400).
 */
export function accessContextMiddleware(authenticate: Authenticate): MiddlewareHandler<FhirEnv> {
  return async (c, next) => {
    const identity = await authenticate(c.req.raw);
    if ('rejected' in identity) {
      return outcomeResponse(outcomes.unauthorized(identity.rejected), {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    }
    const header = c.req.header('X-Purpose-Of-Use');
    if (header === undefined || header.trim() === '')
      return outcomeResponse(outcomes.missingPurposeOfUse(PURPOSE_OF_USE_CODES));
    let purpose: ReturnType<typeof parsePurposeOfUse>;
    try {
      purpose = parsePurposeOfUse(header);
    } catch (error) {
      if (!(error instanceof InvalidPurposeOfUseError)) throw error;
      return outcomeResponse(outcomes.invalid([error.shortMessage, ...error.details].join('. ')));
    }
    const reason = c.req.header(BREAK_THE_GLASS_REASON_HEADER)?.trim();
    if (purpose.breakTheGlass && !reason) {
      return outcomeResponse(
        outcomes.invalid(
          `X-Purpose-Of-Use ETREAT (break-the-glass) requires a reason in ${BREAK_THE_GLASS_REASON_HEADER}`,
        ),
      );
    }
    c.set('access', {
      subject: identity.subject,
      purposeOfUse: purpose.code,
      scopes: identity.scopes,
      ...(identity.patient === undefined ? {} : { patient: identity.patient }),
      ...(purpose.breakTheGlass && reason ? { breakTheGlassReason: reason } : {}),
    });
    await next();
  };
}
