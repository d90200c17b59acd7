import { BaseError } from '../../errors.ts';
import { type FhirOutcome, operationOutcome } from '../../fhir/operationOutcome.ts';
import { LedgerUnavailableError, ReceiptTimeoutError } from '../../ledger/client/ledgerErrors.ts';
import type { Logger } from '../../logger.ts';
import { InvalidWebhookSubscriptionError } from '../../notify/notifyErrors.ts';
import { errorOutcome } from '../../records/service/errorOutcome.ts';
import { SupplyRefusalError } from '../service/supplyServiceErrors.ts';
import {
  DuplicateSerialError,
  InvalidGs1DateError,
  InvalidGtinError,
  InvalidSerialError,
  InvalidSgtinError,
} from '../supplyErrors.ts';

const BAD_INPUT = [
  InvalidGtinError,
  InvalidSgtinError,
  InvalidSerialError,
  DuplicateSerialError,
  InvalidGs1DateError,
  InvalidWebhookSubscriptionError,
];

/**
 * The supply API's error mapping: a refusal keeps its status and says why (a contract refusal names its custom
 * error, e.g. `SupplyHeldProduct`, in the diagnostics), malformed GS1 input is a 400, an unreachable ledger a 503
 * (retry), and anything else goes to the node's common mapping (logged, bare 500).
 */
export function supplyErrorOutcome(error: unknown, logger: Logger): FhirOutcome {
  if (error instanceof SupplyRefusalError)
    return operationOutcome(error.status, {
      code: error.code,
      diagnostics: [error.shortMessage, ...error.details].join('. '),
    });
  if (error instanceof LedgerUnavailableError || error instanceof ReceiptTimeoutError)
    return operationOutcome(503, {
      code: 'transient',
      diagnostics: `${error.shortMessage}; retry later (a resent capture is not written twice)`,
    });
  if (error instanceof BaseError && BAD_INPUT.some((type) => error instanceof type))
    return operationOutcome(400, {
      code: 'invalid',
      diagnostics: [error.shortMessage, ...error.details].join('. '),
    });
  return errorOutcome(error, logger);
}
