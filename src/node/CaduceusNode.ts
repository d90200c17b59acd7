import { join } from 'node:path';
import type { Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { IssuedAccessToken } from '../auth/issueAccessToken.ts';
import { type NodeKey, nodeKeyFromHex } from '../auth/NodeKey.ts';
import type { NodeConfig } from '../config.ts';
import { loadOrCreateKeyFile } from '../keys/keyFile.ts';
import { EmbeddedChain } from '../ledger/chain/EmbeddedChain.ts';
import { developmentGenesis, type GenesisConfig } from '../ledger/chain/GenesisConfig.ts';
import { createLedgerClient, type LedgerClient } from '../ledger/client/createLedgerClient.ts';
import { type ConsortiumRoleName, rolesMask } from '../ledger/contracts/consortiumRoles.ts';
import type { ContractName, FoundingMember } from '../ledger/deploy/deployPlan.ts';
import { ensureDeployment } from '../ledger/deploy/ensureDeployment.ts';
import { JsonRpcServer } from '../ledger/rpc/JsonRpcServer.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { issueNodeToken, type NodeTokenSubject } from './issueNodeToken.ts';
import { writeNodeInfo } from './nodeInfoFile.ts';
import { VaultServices } from './VaultServices.ts';

/** What a started node reports: where its chain is and where its contracts live. */
export type NodeInfo = {
  rpcUrl: string;
  wsUrl: string | undefined;
  chainId: number;
  embedded: boolean;
  nodeAddress: Address;
  contracts: Record<ContractName, Address>;
  /** Contracts deployed by this start (empty when the recorded deployment was reused). */
  deployed: ContractName[];
  /** The FHIR R4 API of this node (`http://127.0.0.1:8080/fhir/R4`). */
  fhirBaseUrl: string;
};

/** Options beyond the configuration: how to open an embedded chain. */
export type NodeOptions = {
  config: NodeConfig;
  logger?: Logger;
  /** Genesis for a new embedded chain (default: the development genesis plus the node's own key, funded). */
  genesis?: GenesisConfig | undefined;
  /** Open the embedded chain yourself (e.g. from CLI flags); default opens `<dataDir>/chain`. */
  openChain?: (genesis: GenesisConfig) => Promise<EmbeddedChain>;
  /** Display name of this organisation when it founds a new consortium (development). */
  organisationName?: string;
  /** This organisation's roles when it founds a consortium (default: hospital, researcher, auditor, AI oracle). */
  roles?: readonly ConsortiumRoleName[];
  /**
   * The other founding members when this node deploys a new consortium (`startConsortium`); each has its own keys and
   * URL. Ignored when the deployment recorded in `<dataDir>/deployment.json` is reused (joining an existing one).
   */
  otherFounders?: readonly FoundingMember[];
};

const devFunding = (10_000n * 10n ** 18n).toString();

/**
 * One Caduceus node: its signing key, its ledger (the embedded chain served over JSON-RPC, or an external node such
 * as Besu through `CADUCEUS_RPC_URL`) and the consortium contracts, deployed on first start and reused afterwards.
 * Above the ledger it runs the record vault (`VaultServices`: event index with consent grants, vault, anchoring,
 * consent policy, FHIR API over HTTP). Later issues add the AI services to the same lifecycle.
 */
export class CaduceusNode {
  #chain: EmbeddedChain | undefined;
  #server: JsonRpcServer | undefined;
  #ledger: LedgerClient | undefined;
  #vault: VaultServices | undefined;
  #nodeKey: NodeKey | undefined;

  constructor(private readonly options: NodeOptions) {}

  /** The organisation's display name: on the registry when it founds a consortium, and as custodian in audit events. */
  get #organisationName(): string {
    return this.options.organisationName ?? 'Caduceus Development Hospital';
  }

  /** The ledger client signing as this node (available after `start`). */
  get ledger(): LedgerClient {
    if (!this.#ledger) throw new Error('CaduceusNode is not started');
    return this.#ledger;
  }

  /** The record vault, consent relay and FHIR API (available after `start`). */
  get vault(): VaultServices {
    if (!this.#vault) throw new Error('CaduceusNode is not started');
    return this.#vault;
  }

  /** A bearer token for this node's FHIR API, signed by the node key (what `caduceus token` prints). */
  issueToken(request: NodeTokenSubject): IssuedAccessToken {
    if (!this.#nodeKey || !this.#vault) throw new Error('CaduceusNode is not started');
    return issueNodeToken({ ...request, audience: this.#vault.fhirBaseUrl }, this.#nodeKey);
  }

  /** Starts keys, ledger and contracts, then the vault and the FHIR API; on failure, stops what had started. */
  async start(): Promise<NodeInfo> {
    try {
      return await this.#start();
    } catch (error) {
      await this.stop().catch(() => undefined);
      throw error;
    }
  }

  async #start(): Promise<NodeInfo> {
    const { config } = this.options;
    const logger = this.options.logger ?? silentLogger;
    const { key, created } = loadOrCreateKeyFile(config.privateKeyFile);
    const account = privateKeyToAccount(key);
    this.#nodeKey = nodeKeyFromHex(key);
    if (created) logger.info('created node key', { address: account.address, file: config.privateKeyFile });
    // The organisation's governance account is a separate key from the node's signing key, so the key that votes on
    // membership can be kept offline while the node signs day-to-day transactions.
    const organisationKeyFile = join(config.dataDir, 'organisation.key');
    const organisation = privateKeyToAccount(loadOrCreateKeyFile(organisationKeyFile).key);

    let rpcUrl = config.rpcUrl;
    let wsUrl: string | undefined;
    if (!rpcUrl) {
      const genesis = this.options.genesis ?? developmentGenesis();
      const funded: GenesisConfig = {
        ...genesis,
        alloc: { ...genesis.alloc, [account.address]: { balance: devFunding } },
      };
      this.#chain = this.options.openChain
        ? await this.options.openChain(funded)
        : await EmbeddedChain.open({ dataDir: join(config.dataDir, 'chain'), genesis: funded });
      this.#server = new JsonRpcServer({
        handler: this.#chain,
        host: config.chainHost,
        port: config.chainPort,
        logger: logger.child({ component: 'rpc' }),
      });
      ({ url: rpcUrl, wsUrl } = await this.#server.start());
    }
    this.#ledger = await createLedgerClient({
      rpcUrl,
      account,
      confirmations: config.confirmations,
      pollingIntervalMs: this.#chain ? 20 : 250,
      logger: logger.child({ component: 'ledger' }),
    });
    const deployment = await ensureDeployment(this.#ledger, {
      file: join(config.dataDir, 'deployment.json'),
      founders: [
        {
          account: organisation.address,
          node: account.address,
          name: this.#organisationName,
          serviceUrl: config.publicUrl ?? `http://${config.apiHost}:${config.apiPort || 8080}`,
          roles: rolesMask(this.options.roles ?? ['HOSPITAL', 'RESEARCHER', 'AUDITOR', 'AI_ORACLE']),
        },
        ...(this.options.otherFounders ?? []),
      ],
      logger,
    });
    this.#vault = new VaultServices({
      config,
      ledger: this.#ledger,
      contracts: deployment.contracts,
      fromBlock: deployment.blockNumber,
      nodeKey: this.#nodeKey,
      organisation: organisation.address,
      organisationName: this.#organisationName,
      logger,
    });
    await this.#vault.start();
    const fhirBaseUrl = this.#vault.fhirBaseUrl;
    writeNodeInfo(config.dataDir, {
      fhirBaseUrl,
      nodeAddress: account.address,
      startedAt: new Date().toISOString(),
    });
    logger.info('FHIR API ready', { fhirBaseUrl });
    return {
      rpcUrl,
      wsUrl,
      chainId: this.#ledger.chainId,
      embedded: this.#chain !== undefined,
      nodeAddress: account.address,
      contracts: deployment.contracts,
      deployed: deployment.deployed,
      fhirBaseUrl,
    };
  }

  /**
   * Stops in reverse order: the FHIR API and vault (requests finish, anchoring settles, index cursor and databases
   * close), then the ledger client, then the chain seals what is pending and closes its database.
   */
  async stop(): Promise<void> {
    await this.#vault?.stop();
    this.#vault = undefined;
    this.#ledger?.close();
    await this.#server?.stop();
    await this.#chain?.close();
    this.#ledger = undefined;
    this.#server = undefined;
    this.#chain = undefined;
  }
}
