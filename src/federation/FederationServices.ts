import type { Hono } from 'hono';
import type { Address } from 'viem';
import type { Authenticate } from '../api/Authenticate.ts';
import type { FhirEnv } from '../api/FhirEnv.ts';
import type { NodeKey } from '../auth/NodeKey.ts';
import { MemoryNonceCache } from '../auth/NonceCache.ts';
import { registryMemberDirectory } from '../auth/registryMemberDirectory.ts';
import { ConsentDecider } from '../consent/ConsentDecider.ts';
import type { ConsentIndex } from '../consent/ConsentIndex.ts';
import type { LedgerClient } from '../ledger/client/createLedgerClient.ts';
import type { ContractName } from '../ledger/deploy/deployPlan.ts';
import type { EventQuery, StoredEvent } from '../ledger/indexer/queryEvents.ts';
import type { Logger } from '../logger.ts';
import type { BatchAnchorReader } from '../records/anchoring/BatchAnchorChain.ts';
import type { AccessContext, RecordInteraction } from '../records/service/AccessPolicy.ts';
import type { AuditSink } from '../records/service/AuditSink.ts';
import type { RecordService } from '../records/service/RecordService.ts';
import type { RecordStore } from '../records/store/RecordStore.ts';
import { registryCustodianDirectory } from './CustodianDirectory.ts';
import { createFederationApp } from './createFederationApp.ts';
import { FederatedFetch } from './FederatedFetch.ts';
import { FederationClient } from './FederationClient.ts';
import { LocatorAnnouncer } from './LocatorAnnouncer.ts';
import { ledgerLocatorChain } from './LocatorChain.ts';
import { PatientLocator } from './PatientLocator.ts';
import { RecordCustodian } from './RecordCustodian.ts';

/** What a node's federation is built from: the parts `VaultServices` already runs, passed in. */
export type FederationServicesOptions = {
  ledger: LedgerClient;
  contracts: Record<ContractName, Address>;
  index: { eventsOf(query: EventQuery): StoredEvent[] };
  consentIndex: ConsentIndex;
  store: RecordStore;
  records: RecordService;
  audit: AuditSink;
  /** This node's `RecordAnchor` reader (index first, then chain): checks other custodians' roots too. */
  anchors: BatchAnchorReader;
  patients: { addressOf(reference: string): Promise<Address | undefined> };
  nodeKey: NodeKey;
  /** The organisation's member account. */
  organisation: Address;
  /** This node's public origin, as the registry's service URL names it. */
  publicOrigin: string;
  authenticate: Authenticate;
  practitionerAddressOf: (subject: string) => Address | undefined;
  scopeAllows: (ctx: AccessContext, resourceType: string, interaction: RecordInteraction) => boolean;
  /** How often the locator announcer looks for new patients (ms). */
  announceIntervalMs?: number;
  /** For tests: how this node reaches other nodes. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  logger: Logger;
};

/**
 * A node's part in the consortium's record federation, in one lifecycle: the `LocatorAnnouncer` (this custodian's
 * patients into `RecordLocator`), the custodian endpoint other nodes call, and the clinician-facing fetch that
 * locates, asks and verifies. `app` is mounted at `/federation/v1` beside the FHIR API.
 */
export class FederationServices {
  readonly announcer: LocatorAnnouncer;
  readonly locator: PatientLocator;
  readonly fetcher: FederatedFetch;
  readonly app: Hono<FhirEnv>;

  constructor(o: FederationServicesOptions) {
    const { ledger, contracts, logger } = o;
    this.announcer = new LocatorAnnouncer({
      store: o.store,
      patients: o.patients,
      chain: ledgerLocatorChain({ ledger, address: contracts.RecordLocator, index: o.index }),
      ...(o.announceIntervalMs === undefined ? {} : { intervalMs: o.announceIntervalMs }),
      logger: logger.child({ component: 'locator' }),
    });
    this.locator = new PatientLocator({
      index: o.index,
      members: registryCustodianDirectory(ledger.publicClient, contracts.ConsortiumRegistry),
    });
    this.fetcher = new FederatedFetch({
      locator: this.locator,
      client: new FederationClient({ nodeKey: o.nodeKey, ...(o.fetch ? { fetch: o.fetch } : {}) }),
      anchors: o.anchors,
      self: o.organisation,
      logger: logger.child({ component: 'federation' }),
    });
    const custodian = new RecordCustodian({
      records: o.records,
      store: o.store,
      decider: new ConsentDecider(o.consentIndex),
      audit: o.audit,
      custodian: { account: o.organisation, node: o.nodeKey.address },
    });
    this.app = createFederationApp({
      records: {
        custodian,
        publicOrigin: o.publicOrigin,
        verification: {
          nonces: new MemoryNonceCache(),
          directory: registryMemberDirectory(ledger.publicClient, contracts.ConsortiumRegistry),
        },
      },
      fetch: {
        fetcher: this.fetcher,
        practitionerAddressOf: o.practitionerAddressOf,
        scopeAllows: o.scopeAllows,
      },
      authenticate: o.authenticate,
      logger: logger.child({ component: 'federation-api' }),
    });
  }

  start(): void {
    this.announcer.start();
  }

  async stop(): Promise<void> {
    await this.announcer.stop();
  }
}
