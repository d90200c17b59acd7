import type { BatchAnchorChain, BatchAnchorReader, OnChainBatch } from './BatchAnchorChain.ts';

/** A batch of record versions as the `RecordAnchor` contract recorded it (the generic `OnChainBatch`). */
export type OnChainRecordBatch = OnChainBatch;

/** Looks up anchored record roots (the generic `BatchAnchorReader`, named for the record vault's callers). */
export type RecordAnchorReader = BatchAnchorReader;

/** The record anchoring worker's chain port: a `BatchAnchorChain` over the `RecordAnchor` contract. */
export type RecordAnchorChain = BatchAnchorChain;
