import {
  bigIntToBytes,
  bigIntToHex,
  bytesToHex,
  createAddressFromString,
  setLengthLeft,
} from '@ethereumjs/util';
import { type ChainMethod, requireBlock } from '../ChainContext.ts';
import { expectParams, parseAddress, parseBlockRef, parseQuantity } from '../params.ts';

/** Account state methods: nonce (with `pending` counting the mempool), balance, code, storage. */
export const stateMethods: Record<string, ChainMethod> = {
  eth_getTransactionCount: async (ctx, params) => {
    expectParams(params, 1, 2, '[address, block]');
    const address = parseAddress(params[0], 'address');
    const ref = parseBlockRef(params[1]);
    const stored = await requireBlock(ctx, ref);
    const nonce = await ctx.state.withVM(stored, async (vm) => {
      const account = await vm.stateManager.getAccount(createAddressFromString(address));
      return account?.nonce ?? 0n;
    });
    const pending = 'tag' in ref && ref.tag === 'pending';
    return bigIntToHex(pending ? ctx.mempool.pendingNonce(address, nonce) : nonce);
  },
  eth_getBalance: async (ctx, params) => {
    expectParams(params, 1, 2, '[address, block]');
    const address = createAddressFromString(parseAddress(params[0], 'address'));
    const stored = await requireBlock(ctx, parseBlockRef(params[1]));
    const balance = await ctx.state.withVM(
      stored,
      async (vm) => (await vm.stateManager.getAccount(address))?.balance,
    );
    return bigIntToHex(balance ?? 0n);
  },
  eth_getCode: async (ctx, params) => {
    expectParams(params, 1, 2, '[address, block]');
    const address = createAddressFromString(parseAddress(params[0], 'address'));
    const stored = await requireBlock(ctx, parseBlockRef(params[1]));
    return bytesToHex(await ctx.state.withVM(stored, (vm) => vm.stateManager.getCode(address)));
  },
  eth_getStorageAt: async (ctx, params) => {
    expectParams(params, 2, 3, '[address, slot, block]');
    const address = createAddressFromString(parseAddress(params[0], 'address'));
    const slot = parseQuantity(params[1], 'slot');
    const key = setLengthLeft(bigIntToBytes(slot), 32);
    const stored = await requireBlock(ctx, parseBlockRef(params[2]));
    const value = await ctx.state.withVM(stored, (vm) => vm.stateManager.getStorage(address, key));
    return bytesToHex(setLengthLeft(value, 32));
  },
};
