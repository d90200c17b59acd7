import { describe } from 'vitest';
import { blobStoreContract } from './blobStoreContract.ts';
import { MemoryBlobStore } from './MemoryBlobStore.ts';

describe('MemoryBlobStore', () => {
  blobStoreContract(async ({ now }) => new MemoryBlobStore({ now }));
});
