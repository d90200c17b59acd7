import { describe } from 'vitest';
import { accessLogStoreContract } from './accessLogStoreContract.ts';
import { MemoryAccessLogStore } from './MemoryAccessLogStore.ts';

describe('MemoryAccessLogStore', () => {
  accessLogStoreContract(async ({ now }) => new MemoryAccessLogStore({ now }));
});
