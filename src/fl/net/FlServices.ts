import { join } from 'node:path';
import type { Hono } from 'hono';
import { type Address, type Hex, isAddressEqual } from 'viem';
import type { Authenticate } from '../../api/Authenticate.ts';
import type { NodeKey } from '../../auth/NodeKey.ts';
import { MemoryNonceCache } from '../../auth/NonceCache.ts';
import { registryMemberDirectory } from '../../auth/registryMemberDirectory.ts';
import { registryCustodianDirectory } from '../../federation/CustodianDirectory.ts';
import type { LedgerClient } from '../../ledger/client/createLedgerClient.ts';
import type { ContractName } from '../../ledger/deploy/deployPlan.ts';
import type { Logger } from '../../logger.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import { buildSiteTable } from '../features/buildSiteTable.ts';
import { type FeatureDefinition, PIMA_FEATURES } from '../features/FeatureDefinition.ts';
import { ModelRegistryProvenance } from '../provenance/ModelRegistryProvenance.ts';
import { createFlApp } from './createFlApp.ts';
import { FlCoordinator, type FlJobState } from './FlCoordinator.ts';
import type { FlJobSpec } from './FlJobSpec.ts';
import { localFlPeer } from './FlPeer.ts';
import { FlSite } from './FlSite.ts';
import { httpFlPeer } from './HttpFlPeer.ts';

/** The feature definitions every node knows (the same JSON everywhere; a job names one by id). */
export const FEATURE_DEFINITIONS: ReadonlyMap<string, FeatureDefinition> = new Map([
  [PIMA_FEATURES.id, PIMA_FEATURES],
]);

/** What the node hands its federated-learning services. */
export type FlServicesOptions = {
  ledger: LedgerClient;
  contracts: Record<ContractName, Address>;
  records: RecordService;
  nodeKey: NodeKey;
  organisation: Address;
  dataDir: string;
  publicOrigin: string;
  authenticate: Authenticate;
  logger: Logger;
};

/**
 * A node's part in federated learning: its site (answers coordinators over signed HTTP, trains on its own
 * consent-filtered vault), its coordinator (jobs in `<data>/fl`, rounds on the ModelRegistry, resumed at start
 * after a crash), and the API to mount at `FL_BASE_PATH`.
 */
export class FlServices {
  readonly app: Hono<{ Variables: { subject: string } }>;
  readonly site: FlSite;
  readonly coordinator: FlCoordinator;
  readonly provenance: ModelRegistryProvenance;
  readonly #running = new Map<string, Promise<unknown>>();
  readonly #abort = new AbortController();
  readonly #logger: Logger;
  readonly #roundListeners = new Set<(state: FlJobState) => unknown>();

  constructor(o: FlServicesOptions) {
    this.#logger = o.logger.child({ component: 'fl' });
    this.provenance = new ModelRegistryProvenance(o.ledger, o.contracts.ModelRegistry);
    this.site = new FlSite({
      member: o.organisation,
      nodeKey: o.nodeKey,
      domain: () => this.provenance.domain,
      tableFor: async (id) => {
        const definition = FEATURE_DEFINITIONS.get(id);
        return definition ? buildSiteTable(o.records, definition) : undefined;
      },
    });
    const directory = registryCustodianDirectory(o.ledger.publicClient, o.contracts.ConsortiumRegistry);
    const serviceUrlOf = (member: Address) => async () => {
      const found = (await directory.members()).find((m) => isAddressEqual(m.account, member) && m.active);
      if (!found) throw new Error(`${member} is not an active member`);
      return found.serviceUrl;
    };
    this.coordinator = new FlCoordinator({
      dir: join(o.dataDir, 'fl'),
      coordinator: o.organisation,
      definitions: FEATURE_DEFINITIONS,
      peerOf: (member) =>
        isAddressEqual(member, o.organisation)
          ? localFlPeer(member, this.site)
          : httpFlPeer(member, serviceUrlOf(member), o.nodeKey),
      provenance: this.provenance,
      logger: o.logger,
      onRound: async (state) => {
        for (const listener of this.#roundListeners) await listener(state);
      },
    });
    this.app = createFlApp({
      site: this.site,
      jobs: {
        start: (spec) => this.startJob(spec),
        job: (id) => this.coordinator.job(id),
        jobs: () => this.coordinator.jobs(),
      },
      publicOrigin: o.publicOrigin,
      verification: {
        nonces: new MemoryNonceCache(),
        directory: registryMemberDirectory(o.ledger.publicClient, o.contracts.ConsortiumRegistry),
      },
      authenticate: o.authenticate,
      logger: this.#logger,
    });
  }

  /** Opens a job coordinated here and runs it in the background; resolves once it is on chain. */
  async startJob(spec: FlJobSpec): Promise<FlJobState> {
    const state = await this.coordinator.open(spec);
    this.#drive(state.jobId);
    return state;
  }

  /**
   * Calls `listener` after every round a job coordinated here completes (persisted and on chain); the next round
   * waits for it. Returns the unsubscribe function.
   */
  onRound(listener: (state: FlJobState) => unknown): () => void {
    this.#roundListeners.add(listener);
    return () => this.#roundListeners.delete(listener);
  }

  /** Waits for a job run in the background to end (tests, the CLI). */
  async settled(jobId: string): Promise<FlJobState | undefined> {
    await this.#running.get(jobId)?.catch(() => undefined);
    return this.coordinator.job(jobId);
  }

  /** Resumes the jobs a crash left running. */
  start(): void {
    for (const job of this.coordinator.unfinished()) {
      this.#logger.info('resuming a federated job', { jobId: job.jobId, after: job.round });
      this.#drive(job.jobId);
    }
  }

  /** Stops driving jobs after their current round (they stay `running` and resume at the next start). */
  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled(this.#running.values());
  }

  #drive(jobId: Hex): void {
    const run = this.coordinator
      .run(jobId, this.#abort.signal)
      .catch(() => undefined)
      .finally(() => this.#running.delete(jobId));
    this.#running.set(jobId, run);
  }
}
