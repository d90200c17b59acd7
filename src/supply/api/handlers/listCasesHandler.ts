import type { Handler } from 'hono';
import { outcomeResponse } from '../../../api/fhirResponse.ts';
import { outcomes } from '../../../fhir/operationOutcome.ts';
import type { CaseStatus } from '../../service/SupplyCases.ts';
import type { SupplyEnv } from '../SupplyEnv.ts';

const STATUSES: readonly CaseStatus[] = ['open', 'released', 'recalled', 'quarantined'];

/** `GET /cases[?status=open|released|recalled|quarantined]`: audit cases, newest first. */
export const listCasesHandler: Handler<SupplyEnv> = (c) => {
  const status = c.req.query('status');
  if (status !== undefined && !STATUSES.includes(status as CaseStatus))
    return outcomeResponse(outcomes.invalid(`status is one of ${STATUSES.join(', ')}`, ['status']));
  return c.json({ cases: c.var.supply.cases.list(status as CaseStatus | undefined) });
};
