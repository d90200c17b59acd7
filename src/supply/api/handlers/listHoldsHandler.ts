import type { Handler } from 'hono';
import type { SupplyEnv } from '../SupplyEnv.ts';

/** `GET /holds`: the lots on hold now, each with its open audit cases. */
export const listHoldsHandler: Handler<SupplyEnv> = (c) => c.json({ holds: c.var.supply.cases.holds() });
