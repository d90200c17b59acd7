import type { Handler } from 'hono';
import { UnknownCaseError } from '../../service/supplyServiceErrors.ts';
import type { SupplyEnv } from '../SupplyEnv.ts';
import { caseIdParam } from './caseIdParam.ts';

/** `GET /cases/:id`: one case with its chain history, score, parties and (when kept here) top features. */
export const readCaseHandler: Handler<SupplyEnv> = (c) => {
  const caseId = caseIdParam(c.req.param('id'));
  const found = c.var.supply.cases.get(caseId);
  if (!found) throw new UnknownCaseError(caseId);
  return c.json(found);
};
