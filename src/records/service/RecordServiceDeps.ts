import type { Logger } from '../../logger.ts';
import type { AnchorVerifier } from '../anchoring/AnchorVerifier.ts';
import type { MasterKeyRing } from '../crypto/MasterKeyRing.ts';
import type { RecordStore } from '../store/RecordStore.ts';
import type { AccessPolicy } from './AccessPolicy.ts';
import type { AuditSink } from './AuditSink.ts';

/** Everything the record service is built from; every I/O boundary is passed in (STYLE.md: boundaries). */
export type RecordServiceDeps = {
  store: RecordStore;
  /** Set inside `RecordService.transaction`: `store` is then the transaction's, seeing its uncommitted writes. */
  inTransaction?: boolean;
  keyRing: MasterKeyRing;
  verifier: AnchorVerifier;
  policy: AccessPolicy;
  audit: AuditSink;
  /** This node's FHIR base URL (`https://node.example/fhir/R4`), for Bundle `fullUrl`s and paging links. */
  baseUrl: string;
  /** Epoch milliseconds; `meta.lastUpdated` and audit times come from it. */
  now: () => number;
  /** Server-assigned ids for creates (default: random UUIDs). */
  newId: () => string;
  logger: Logger;
};
