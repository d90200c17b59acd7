import { recordAnchorAbi, recordAnchorBytecode } from '../src/ledger/contracts/generated/RecordAnchor.ts';
import { accessLeaf, recordLeaf } from '../src/ledger/merkle/merkleLeaf.ts';
import { batchAnchorSuite } from './testing/batchAnchorSuite.ts';

// Everything RecordAnchor does beyond its names comes from BatchAnchor, so the shared suite is its whole test.
batchAnchorSuite({
  name: 'RecordAnchor',
  abi: recordAnchorAbi,
  bytecode: recordAnchorBytecode,
  leafDomain: 'caduceus.record.v1',
  leaf: recordLeaf,
  foreignLeaf: accessLeaf,
  leafFunction: 'recordLeaf',
  verifyFunction: 'verifyRecord',
  eventName: 'BatchAnchored',
});
