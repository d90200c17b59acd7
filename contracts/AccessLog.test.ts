import { accessLogAbi, accessLogBytecode } from '../src/ledger/contracts/generated/AccessLog.ts';
import { accessLeaf, recordLeaf } from '../src/ledger/merkle/merkleLeaf.ts';
import { batchAnchorSuite } from './testing/batchAnchorSuite.ts';

// Everything AccessLog does beyond its names comes from BatchAnchor, so the shared suite is its whole test.
batchAnchorSuite({
  name: 'AccessLog',
  abi: accessLogAbi,
  bytecode: accessLogBytecode,
  leafDomain: 'caduceus.access.v1',
  leaf: accessLeaf,
  foreignLeaf: recordLeaf,
  leafFunction: 'accessLeaf',
  verifyFunction: 'verifyAccessEvent',
  eventName: 'AccessBatchAnchored',
});
