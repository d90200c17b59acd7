import { bigIntToHex } from '@ethereumjs/util';
import { type ChainMethod, requireBlock } from '../ChainContext.ts';
import { parseCallRequest } from '../callRequest.ts';
import { expectParams, invalidParams, parseBlockRef } from '../params.ts';

/** State overrides (the third parameter of geth's eth_call) are not supported; say so instead of ignoring them. */
function rejectOverrides(value: unknown): void {
  if (value !== undefined && value !== null)
    throw invalidParams('state overrides are not supported by this chain');
}

/** Execution methods: `eth_call` and `eth_estimateGas` at any block (state roots are never pruned). */
export const executionMethods: Record<string, ChainMethod> = {
  eth_call: async (ctx, params) => {
    expectParams(params, 1, 3, '[transaction, block]');
    const request = parseCallRequest(params[0]);
    rejectOverrides(params[2]);
    const stored = await requireBlock(ctx, parseBlockRef(params[1]));
    return ctx.calls.call(request, stored);
  },
  eth_estimateGas: async (ctx, params) => {
    expectParams(params, 1, 3, '[transaction, block]');
    const request = parseCallRequest(params[0]);
    rejectOverrides(params[2]);
    const stored = await requireBlock(ctx, parseBlockRef(params[1]));
    return bigIntToHex(await ctx.calls.estimateGas(request, stored));
  },
};
