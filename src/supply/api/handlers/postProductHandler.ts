import type { Handler } from 'hono';
import { z } from 'zod';
import { toGtin14 } from '../../gtin.ts';
import { parseSupplyBody } from '../parseSupplyBody.ts';
import type { SupplyEnv } from '../SupplyEnv.ts';

const body = z
  .object({
    gtin: z.string().max(14),
    name: z.string().min(1).max(200),
    strength: z.string().max(100).default(''),
    form: z.string().max(100).default(''),
  })
  .strict();

/** `POST /products` (`{ gtin, name, strength?, form? }`): registers a product of this node's manufacturer member. */
export const postProductHandler: Handler<SupplyEnv> = async (c) => {
  const input = parseSupplyBody(body, c.var.body);
  const gtin = toGtin14(input.gtin);
  const write = await c.var.supply.registerProduct({ ...input, gtin });
  return c.json({ gtin, txHash: write.txHash }, 201);
};
