import type { Handler } from 'hono';
import { z } from 'zod';
import { parseSupplyBody } from '../parseSupplyBody.ts';
import type { SupplyEnv } from '../SupplyEnv.ts';

const body = z
  .object({
    member: z.string().max(42),
    kind: z.enum(['manufacturer', 'distributor', 'pharmacy', 'hospital']).optional(),
    region: z.string().min(1).max(64).optional(),
  })
  .strict();

/**
 * `PUT /partners/:gln` (`{ member, kind?, region? }`): maps a trading partner's GLN to its consortium member account
 * (kind from the member's on-chain roles unless given). The node's own sites are entries for its own member.
 */
export const putPartnerHandler: Handler<SupplyEnv> = async (c) => {
  const input = parseSupplyBody(body, c.var.body);
  const { member, kind, region } = input;
  const entry = await c.var.supply.registerPartner({
    gln: c.req.param('gln') ?? '',
    member,
    ...(kind === undefined ? {} : { kind }),
    ...(region === undefined ? {} : { region }),
  });
  return c.json(entry);
};

/** `GET /partners`: the node's GLN → member table. */
export const listPartnersHandler: Handler<SupplyEnv> = (c) =>
  c.json({ partners: c.var.supply.store.partners() });
