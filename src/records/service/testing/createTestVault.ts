import { MasterKeyRing } from '../../crypto/MasterKeyRing.ts';
import { MemoryRecordStore } from '../../store/MemoryRecordStore.ts';
import type { RecordStore } from '../../store/RecordStore.ts';
import type { AccessContext, AccessPolicy } from '../AccessPolicy.ts';
import { MemoryAuditSink } from '../MemoryAuditSink.ts';
import { RecordService } from '../RecordService.ts';
import { TestOnlyAllowAllPolicy } from '../TestOnlyAllowAllPolicy.ts';
import { FakeAnchorVerifier } from './FakeAnchorVerifier.ts';

/** The test clock's epoch: 2024-03-01T08:00:00Z. */
export const TEST_T0 = Date.parse('2024-03-01T08:00:00.000Z');

/** The base URL test services write into Bundles. */
export const TEST_BASE_URL = 'http://localhost/fhir/R4';

/** A clinician treating: the access context most tests use. */
export const treating: AccessContext = {
  subject: 'Practitioner/dr-who',
  purposeOfUse: 'TREAT',
  scopes: ['user/*.cruds'],
};

/** A record service over a memory (or given) store, an ephemeral key ring, a fake verifier, a memory audit sink. */
export function createTestVault(
  options: { policy?: AccessPolicy; store?: RecordStore; keyRing?: MasterKeyRing } = {},
) {
  const clock = { now: TEST_T0 };
  const store = options.store ?? new MemoryRecordStore({ now: () => clock.now });
  const keyRing = options.keyRing ?? MasterKeyRing.ephemeral();
  const verifier = new FakeAnchorVerifier();
  const audit = new MemoryAuditSink();
  let ids = 0;
  const service = new RecordService({
    store,
    keyRing,
    verifier,
    policy: options.policy ?? new TestOnlyAllowAllPolicy(),
    audit,
    baseUrl: TEST_BASE_URL,
    now: () => clock.now,
    newId: () => `id-${++ids}`,
  });
  /** Moves the clock forward by `ms`. */
  const tick = (ms = 1000) => {
    clock.now += ms;
  };
  return { service, store, keyRing, verifier, audit, clock, tick };
}
