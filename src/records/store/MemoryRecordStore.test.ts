import { describe } from 'vitest';
import { MemoryRecordStore } from './MemoryRecordStore.ts';
import { recordStoreContract } from './recordStoreContract.ts';

describe('MemoryRecordStore', () => {
  recordStoreContract(async ({ now }) => new MemoryRecordStore({ now }));
});
