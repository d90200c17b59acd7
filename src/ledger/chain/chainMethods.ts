import type { ChainMethod } from './ChainContext.ts';
import { blockMethods } from './methods/blockMethods.ts';
import { executionMethods } from './methods/executionMethods.ts';
import { feeMethods } from './methods/feeMethods.ts';
import { logMethods } from './methods/logMethods.ts';
import { netMethods } from './methods/netMethods.ts';
import { stateMethods } from './methods/stateMethods.ts';
import { transactionMethods } from './methods/transactionMethods.ts';

/** The embedded chain's JSON-RPC dispatch table; anything not here answers -32601. */
export const chainMethods: ReadonlyMap<string, ChainMethod> = new Map(
  Object.entries({
    ...netMethods,
    ...blockMethods,
    ...transactionMethods,
    ...stateMethods,
    ...executionMethods,
    ...feeMethods,
    ...logMethods,
  }),
);
