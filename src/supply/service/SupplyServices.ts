import { join } from 'node:path';
import type { Hono } from 'hono';
import { type Address, getAddress, isAddress, isAddressEqual } from 'viem';
import type { Authenticate } from '../../api/Authenticate.ts';
import type { LedgerClient } from '../../ledger/client/createLedgerClient.ts';
import { ConsortiumRole } from '../../ledger/contracts/consortiumRoles.ts';
import { consortiumRegistryAbi } from '../../ledger/contracts/generated/ConsortiumRegistry.ts';
import type { ContractName } from '../../ledger/deploy/deployPlan.ts';
import type { EventHandler } from '../../ledger/indexer/EventIndexer.ts';
import type { EventQuery, StoredEvent } from '../../ledger/indexer/queryEvents.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import type { NotificationChannel } from '../../notify/NotificationChannel.ts';
import { createSupplyApp } from '../api/createSupplyApp.ts';
import type { SupplyEnv } from '../api/SupplyEnv.ts';
import type { SupplyPartnerKind, SupplyRiskScorer } from '../detector/SupplyRiskScorer.ts';
import { gs1CheckDigit } from '../gs1CheckDigit.ts';
import { gtinToUint64 } from '../gtin.ts';
import { loadSupplyScorer } from './loadSupplyScorer.ts';
import { publishSupplyNotifications } from './publishSupplyNotifications.ts';
import { SupplyCases } from './SupplyCases.ts';
import { CaseResolution, SupplyChainLedger, type SupplyWrite } from './SupplyChainLedger.ts';
import { SupplyChainService } from './SupplyChainService.ts';
import { SupplyOracle } from './SupplyOracle.ts';
import { type PartnerEntry, SupplyStore } from './SupplyStore.ts';
import { storeScoringContext } from './storeScoringContext.ts';
import { InvalidSupplyRequestError, MissingMemberRoleError } from './supplyServiceErrors.ts';

/** The supply service's database inside a node's data directory. */
export const SUPPLY_STORE_FILE = 'supply.db';

/** What a node's supply chain is built from: the parts `VaultServices` already runs, passed in. */
export type SupplyServicesOptions = {
  ledger: LedgerClient;
  contracts: Record<ContractName, Address>;
  indexer: {
    eventsOf(query: EventQuery): StoredEvent[];
    onEvent(filter: { contract: string }, handler: EventHandler): () => void;
    waitFor(block: bigint, options?: { timeoutMs?: number }): Promise<void>;
  };
  /** The organisation's member account. */
  organisation: Address;
  /** The node's data directory (`supply.db`), or `:memory:`. */
  dataDir: string;
  /** The node's notification channel (holds and cases go out with its alerts), owned and closed by the node. */
  notifications: NotificationChannel;
  authenticate: Authenticate;
  /** The risk scorer; default the trained detector in `data/models/supply-detector.json`, if present. */
  scorer?: SupplyRiskScorer;
  logger?: Logger;
};

const PARTNER_ROLES: readonly [number, SupplyPartnerKind][] = [
  [ConsortiumRole.MANUFACTURER, 'manufacturer'],
  [ConsortiumRole.DISTRIBUTOR, 'distributor'],
  [ConsortiumRole.PHARMACY, 'pharmacy'],
  [ConsortiumRole.HOSPITAL, 'hospital'],
];

/**
 * A node's part in the drug supply chain, in one lifecycle: the custody writer (`SupplyChainService`), the
 * AI_ORACLE loop (`SupplyOracle`, active when the node's member holds that role and a scorer is loaded), cases and
 * holds from the ledger index, hold notifications to the node's notifier, and the REST API (`app`, mounted at
 * `/supply/v1`). Built by `start`, closed by `stop`.
 */
export class SupplyServices {
  readonly app: Hono<SupplyEnv>;
  readonly service: SupplyChainService;
  readonly oracle: SupplyOracle;
  readonly cases: SupplyCases;
  readonly chain: SupplyChainLedger;
  readonly store: SupplyStore;
  readonly #o: SupplyServicesOptions;
  readonly #roles: number;
  readonly #unsubscribe: () => void;
  readonly #channel: NotificationChannel;

  private constructor(
    o: SupplyServicesOptions,
    roles: number,
    store: SupplyStore,
    channel: NotificationChannel,
  ) {
    this.#o = o;
    this.#roles = roles;
    this.store = store;
    this.#channel = channel;
    this.chain = new SupplyChainLedger(o.ledger, o.contracts.SupplyChain);
    const logger = o.logger ?? silentLogger;
    const indexCaughtUp = async () =>
      o.indexer.waitFor(await o.ledger.publicClient.getBlockNumber({ cacheTime: 0 }), { timeoutMs: 30_000 });
    this.oracle = new SupplyOracle({
      ledger: this.chain,
      store,
      context: storeScoringContext(store, o.indexer),
      scorer: o.scorer ?? loadSupplyScorer(),
      isOracle: (roles & ConsortiumRole.AI_ORACLE) !== 0,
      index: o.indexer,
      indexCaughtUp,
      logger: logger.child({ component: 'supply-oracle' }),
    });
    this.service = new SupplyChainService({
      ledger: this.chain,
      store,
      oracle: this.oracle,
      index: o.indexer,
      indexCaughtUp,
      organisation: o.organisation,
      logger,
    });
    this.cases = new SupplyCases(o.indexer, store);
    this.#unsubscribe = publishSupplyNotifications(o.indexer, channel.notifier);
    this.app = createSupplyApp({ supply: this, authenticate: o.authenticate, logger });
    if (!this.oracle.active && (roles & ConsortiumRole.AI_ORACLE) !== 0)
      logger.warn('no supply detector is loaded: custody events are written without risk scores');
  }

  /** Reads the node's roles from the registry, opens the store and the notification channel. */
  static async start(options: SupplyServicesOptions): Promise<SupplyServices> {
    // A node whose organisation is not (yet) a member runs with no roles: its writes are refused by the contract.
    const roles = await options.ledger.publicClient
      .readContract({
        address: options.contracts.ConsortiumRegistry,
        abi: consortiumRegistryAbi,
        functionName: 'getMember',
        args: [options.organisation],
      })
      .then(
        (member) => member.roles,
        () => 0,
      );
    const at = (file: string) => (options.dataDir === ':memory:' ? ':memory:' : join(options.dataDir, file));
    const logger = options.logger ?? silentLogger;
    const services = new SupplyServices(
      options,
      roles,
      SupplyStore.open(at(SUPPLY_STORE_FILE)),
      options.notifications,
    );
    try {
      const finished = await services.oracle.resume();
      if (finished > 0) logger.info('finished supply risk verdicts a crash interrupted', { finished });
    } catch (error) {
      await services.stop();
      throw error;
    }
    return services;
  }

  /** The notifier and webhook outbox (the API's stream and subscriptions). */
  get notifications(): Pick<NotificationChannel, 'notifier' | 'outbox'> {
    return this.#channel;
  }

  /** Whether the node's member may close audit cases (AUDITOR or REGULATOR). */
  get closesCases(): boolean {
    return (this.#roles & (ConsortiumRole.AUDITOR | ConsortiumRole.REGULATOR)) !== 0;
  }

  /**
   * Maps a GLN to a consortium member; its kind comes from the member's on-chain roles unless given. Refuses a GLN
   * without a valid check digit or a member that is no active supply-chain partner.
   */
  async registerPartner(input: {
    gln: string;
    member: string;
    kind?: SupplyPartnerKind;
    region?: string;
  }): Promise<PartnerEntry> {
    const { gln } = input;
    if (!/^\d{13}$/.test(gln) || gs1CheckDigit(gln.slice(0, 12)) !== Number(gln[12]))
      throw new InvalidSupplyRequestError(`${gln} is not a GLN (13 digits with a valid GS1 check digit)`);
    if (!isAddress(input.member, { strict: false }))
      throw new InvalidSupplyRequestError('member must be a member account address (0x…)');
    const member = getAddress(input.member);
    const record = await this.#o.ledger.publicClient
      .readContract({
        address: this.#o.contracts.ConsortiumRegistry,
        abi: consortiumRegistryAbi,
        functionName: 'getMember',
        args: [member],
      })
      .catch(() => undefined);
    if (!record || !isAddressEqual(record.account, member))
      throw new InvalidSupplyRequestError(`${member} is not a consortium member account`);
    const kind = input.kind ?? PARTNER_ROLES.find(([role]) => (record.roles & role) !== 0)?.[1];
    if (!kind) throw new MissingMemberRoleError(`${record.name} holds no supply-chain partner role on chain`);
    const entry: PartnerEntry = {
      gln,
      member,
      kind,
      ...(input.region === undefined ? {} : { region: input.region }),
    };
    this.store.putPartner(entry);
    return entry;
  }

  /** Registers a product of this node's manufacturer member. */
  registerProduct(input: {
    gtin: string;
    name: string;
    strength: string;
    form: string;
  }): Promise<SupplyWrite> {
    return this.chain.registerProduct(gtinToUint64(input.gtin), input.name, input.strength, input.form);
  }

  /** Closes an audit case as this node's AUDITOR/REGULATOR member (the contract enforces the role). */
  closeCase(caseId: bigint, resolution: keyof typeof CaseResolution, findingsHash: `0x${string}`) {
    return this.chain.closeCase(caseId, CaseResolution[resolution], findingsHash);
  }

  /** After the HTTP server: no more notifications from here, the store closes (the node closes the channel). */
  async stop(): Promise<void> {
    this.#unsubscribe();
    this.store.close();
  }
}
