import { createAccount, createAddressFromString, setLengthLeft } from '@ethereumjs/util';
import { describe, expect, it } from 'vitest';
import { BlockStateManager } from './BlockStateManager.ts';
import { openStateTrie } from './ChainState.ts';
import { createChainCommon } from './chainCommon.ts';
import { MemoryKeyValueStore } from './MemoryKeyValueStore.ts';
import { StateDB } from './StateDB.ts';

const common = createChainCommon(1337n);
const contract = createAddressFromString(`0x${'cc'.repeat(20)}`);
const slot = setLengthLeft(Uint8Array.of(1), 32);

async function setup() {
  const stateDb = new StateDB(new MemoryKeyValueStore());
  const state = new BlockStateManager({ common, trie: openStateTrie(common, stateDb) });
  await state.checkpoint();
  await state.putAccount(contract, createAccount({ nonce: 1n }));
  await state.putStorage(contract, slot, Uint8Array.of(7));
  await state.commit();
  return { stateDb, state };
}

describe('BlockStateManager', () => {
  it('keeps SSTOREs in the cache until the flush: nothing reaches the state DB before the block commits', async () => {
    const { stateDb, state } = await setup();
    stateDb.take();
    await state.checkpoint();
    await state.putStorage(contract, slot, Uint8Array.of(8));
    await state.putStorage(contract, slot, Uint8Array.of(9));
    expect(stateDb.take().ops).toHaveLength(0);
    await state.commit();
    expect(stateDb.take().ops.length).toBeGreaterThan(0);
    expect(await state.getStorage(contract, slot)).toEqual(Uint8Array.of(9));
  });

  it('serves reads made inside a reverted checkpoint again, and never a value older than the trie', async () => {
    const { state } = await setup();
    const root = await state.getStateRoot();
    await state.checkpoint();
    expect(await state.getStorage(contract, slot)).toEqual(Uint8Array.of(7));
    await state.revert();
    await state.checkpoint(); // a second call: same answer (from the read cache, the storage cache was reverted)
    expect(await state.getStorage(contract, slot)).toEqual(Uint8Array.of(7));
    await state.putStorage(contract, slot, Uint8Array.of(42));
    await state.commit(); // flush: the root moves, cached reads are dropped
    expect(await state.getStateRoot()).not.toEqual(root);
    await state.checkpoint();
    expect(await state.getStorage(contract, slot)).toEqual(Uint8Array.of(42));
    await state.revert();
    await state.setStateRoot(root); // a rewind drops them too
    expect(await state.getStorage(contract, slot)).toEqual(Uint8Array.of(7));
    await state.clearStorage(contract);
    expect(await state.getStorage(contract, slot)).toEqual(new Uint8Array());
  });
});
