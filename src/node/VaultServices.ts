import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Address, PublicClient } from 'viem';
import { bearerAuthenticate } from '../api/bearerAuthenticate.ts';
import { createFhirApp } from '../api/createFhirApp.ts';
import { AccessEventVerifier } from '../audit/AccessEventVerifier.ts';
import type { AccessLogStore } from '../audit/AccessLogStore.ts';
import { AuditService } from '../audit/AuditService.ts';
import { accessBatchSource } from '../audit/accessBatchSource.ts';
import { LedgerAccessLogChain } from '../audit/LedgerAccessLogChain.ts';
import { PatientAccessList } from '../audit/PatientAccessList.ts';
import { AccessTokenVerifier } from '../auth/AccessTokenVerifier.ts';
import type { NodeKey } from '../auth/NodeKey.ts';
import { RiskFhirOperations } from '../clinical/risk/RiskFhirOperations.ts';
import { RiskModelRegistry } from '../clinical/risk/RiskModelRegistry.ts';
import { RiskMonitor } from '../clinical/risk/RiskMonitor.ts';
import { ALERTS_BASE_PATH } from '../clinical/vitals/api/createAlertsApp.ts';
import { VitalsServices } from '../clinical/vitals/VitalsServices.ts';
import { vaultVersionReader } from '../clinical/vitals/vaultVersionReader.ts';
import type { NodeConfig } from '../config.ts';
import { ConsentAccessPolicy } from '../consent/ConsentAccessPolicy.ts';
import { ConsentDecider } from '../consent/ConsentDecider.ts';
import { ConsentFhirOperations } from '../consent/ConsentFhirOperations.ts';
import { ConsentIndex } from '../consent/ConsentIndex.ts';
import { ConsentService } from '../consent/ConsentService.ts';
import { CONSORTIUM_PATH, createConsortiumDirectoryApp } from '../dashboard/consortiumDirectoryApp.ts';
import { dashboardStatic } from '../dashboard/dashboardStatic.ts';
import { createPatientSignInApp, PATIENT_SIGN_IN_PATH } from '../dashboard/patientSignIn.ts';
import { FederationServices } from '../federation/FederationServices.ts';
import { federatedRequesterOf } from '../federation/federatedSubject.ts';
import { FEDERATION_BASE_PATH } from '../federation/recordsRequest.ts';
import { FL_BASE_PATH } from '../fl/net/createFlApp.ts';
import { FlServices } from '../fl/net/FlServices.ts';
import type { LedgerClient } from '../ledger/client/createLedgerClient.ts';
import type { ContractName } from '../ledger/deploy/deployPlan.ts';
import { deployPlan } from '../ledger/deploy/deployPlan.ts';
import { EventIndexer } from '../ledger/indexer/EventIndexer.ts';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import type { Logger } from '../logger.ts';
import { createNlpApp, NLP_BASE_PATH } from '../nlp/api/createNlpApp.ts';
import { loadNoteTagger } from '../nlp/api/loadNoteTagger.ts';
import { NOTIFY_FILE, NotificationChannel } from '../notify/NotificationChannel.ts';
import { AnchoringWorker } from '../records/anchoring/AnchoringWorker.ts';
import { ChainAnchorVerifier } from '../records/anchoring/ChainAnchorVerifier.ts';
import { LedgerRecordAnchorChain } from '../records/anchoring/LedgerRecordAnchorChain.ts';
import { BinaryAttachments } from '../records/attachments/BinaryAttachments.ts';
import { MasterKeyLock } from '../records/crypto/MasterKeyLock.ts';
import { MasterKeyRing } from '../records/crypto/MasterKeyRing.ts';
import { RecordService } from '../records/service/RecordService.ts';
import type { BlobStore } from '../records/store/BlobStore.ts';
import type { RecordStore } from '../records/store/RecordStore.ts';
import { SUPPLY_BASE_PATH } from '../supply/api/createSupplyApp.ts';
import { SupplyServices } from '../supply/service/SupplyServices.ts';
import { auditorCheck } from './auditorCheck.ts';
import { FhirHttpServer } from './FhirHttpServer.ts';
import { DEFAULT_PATIENT_SCOPES, issueNodeToken } from './issueNodeToken.ts';
import { openAccessLog, openBlobStore, openRecordStore } from './openVaultStores.ts';
import { PatientAddressResolver } from './PatientAddressResolver.ts';
import { RequesterDirectory } from './RequesterDirectory.ts';
import { smartScopeCheck } from './smartScopeCheck.ts';

/** The event index (ledger events and consent grants) inside a data directory. */
export const LEDGER_INDEX_FILE = 'ledger.db';

/** What the vault is built on: the started ledger and deployment, and this node's keys. */
export type VaultServicesOptions = {
  config: NodeConfig;
  ledger: LedgerClient;
  contracts: Record<ContractName, Address>;
  /** The deployment's first block (where indexing starts on an empty index). */
  fromBlock: bigint;
  nodeKey: NodeKey;
  /** The organisation's member account (grants to the organisation name it). */
  organisation: Address;
  /** The organisation's display name, as audit events name the custodian. */
  organisationName: string;
  logger: Logger;
};

/**
 * Everything of a node above the ledger, in one lifecycle: the event index with consent grants, the record
 * vault and its anchoring worker, the consent policy, and the FHIR API over HTTP. `start` builds them in
 * dependency order; `stop` takes them down in reverse so nothing is lost (requests finish, the batch in progress
 * is anchored or released, the indexer commits its cursor, databases close).
 */
export class VaultServices {
  readonly #o: VaultServicesOptions;
  readonly #http = new FhirHttpServer();
  #db: BetterSqlite3.Database | undefined;
  #indexer: EventIndexer | undefined;
  #store: RecordStore | undefined;
  #blobs: BlobStore | undefined;
  #keyLock: MasterKeyLock | undefined;
  #worker: AnchoringWorker | undefined;
  #accessLog: AccessLogStore | undefined;
  #accessWorker: AnchoringWorker | undefined;
  #audit: AuditService | undefined;
  #consent: ConsentService | undefined;
  #service: RecordService | undefined;
  #federation: FederationServices | undefined;
  #vitals: VitalsServices | undefined;
  #supply: SupplyServices | undefined;
  #notifications: NotificationChannel | undefined;
  #fl: FlServices | undefined;
  /** The FHIR base URL (set by `start`). */
  fhirBaseUrl = '';

  constructor(options: VaultServicesOptions) {
    this.#o = options;
  }

  /** Relays patients' signed grants and revocations (available after `start`). */
  get consent(): ConsentService {
    if (!this.#consent) throw new Error('VaultServices is not started');
    return this.#consent;
  }

  /** The FHIR record service behind the API (available after `start`). */
  get records(): RecordService {
    if (!this.#service) throw new Error('VaultServices is not started');
    return this.#service;
  }

  /** Every access as a FHIR AuditEvent in the anchored access log; `accessesOf` is the patient's view. */
  get audit(): AuditService {
    if (!this.#audit) throw new Error('VaultServices is not started');
    return this.#audit;
  }

  /** The access log itself (for `caduceus verify`-style walks and tests). */
  get accessLog(): AccessLogStore {
    if (!this.#accessLog) throw new Error('VaultServices is not started');
    return this.#accessLog;
  }

  /** The record locator announcer, custodian endpoint and clinician fetch (available after `start`). */
  get federation(): FederationServices {
    if (!this.#federation) throw new Error('VaultServices is not started');
    return this.#federation;
  }

  /** The vitals early warning: monitor, alerts and webhooks (available after `start`). */
  get vitals(): VitalsServices {
    if (!this.#vitals) throw new Error('VaultServices is not started');
    return this.#vitals;
  }

  /** Drug custody, the risk oracle, holds, cases and the supply API (available after `start`). */
  get fl(): FlServices {
    if (!this.#fl) throw new Error('VaultServices is not started');
    return this.#fl;
  }

  get supply(): SupplyServices {
    if (!this.#supply) throw new Error('VaultServices is not started');
    return this.#supply;
  }

  /** The anchoring worker (for `flush` in tests and metrics). */
  get anchoring(): AnchoringWorker {
    if (!this.#worker) throw new Error('VaultServices is not started');
    return this.#worker;
  }

  async start(): Promise<void> {
    const { config, ledger, contracts, logger } = this.#o;
    // Held while the node runs, so `caduceus keys rotate` cannot retire the key new records are wrapped with.
    this.#keyLock = MasterKeyLock.acquire(config.dataDir, 'node');
    const keyRing = MasterKeyRing.open(config.dataDir);
    this.#db = openSqliteDatabase(join(config.dataDir, LEDGER_INDEX_FILE));
    const index = new ConsentIndex(this.#db);
    this.#indexer = new EventIndexer({
      client: ledger.publicClient as unknown as PublicClient,
      db: this.#db,
      contracts: deployPlan.map((line) => ({
        name: line.name,
        address: contracts[line.name],
        abi: line.abi,
      })),
      fromBlock: this.#o.fromBlock,
      confirmations: config.confirmations,
      pollingIntervalMs: config.rpcUrl ? 250 : 20,
      logger: logger.child({ component: 'indexer' }),
    });
    index.attach(this.#indexer);
    await this.#indexer.start();
    this.#consent = new ConsentService({
      ledger,
      registry: contracts.ConsentRegistry,
      indexer: this.#indexer,
      index,
    });

    this.#store = await openRecordStore(config);
    this.#blobs = await openBlobStore(config, this.#store);
    const anchors = new LedgerRecordAnchorChain({
      ledger,
      address: contracts.RecordAnchor,
      index: this.#indexer,
    });
    this.#worker = new AnchoringWorker({
      store: this.#store,
      chain: anchors,
      batchSize: config.anchorBatchSize,
      intervalMs: config.anchorIntervalMs,
      logger: logger.child({ component: 'anchoring' }),
    });
    this.#worker.start();
    const verifier = new ChainAnchorVerifier({ reader: anchors, custodian: () => anchors.custodian() });

    this.#accessLog = await openAccessLog(config, this.#store);
    const accessAnchors = new LedgerAccessLogChain({
      ledger,
      address: contracts.AccessLog,
      index: this.#indexer,
    });
    const accessWorker = new AnchoringWorker({
      source: accessBatchSource(this.#accessLog),
      chain: accessAnchors,
      batchSize: config.anchorBatchSize,
      intervalMs: config.anchorIntervalMs,
      logger: logger.child({ component: 'access-anchoring' }),
    });
    this.#accessWorker = accessWorker;
    accessWorker.start();
    this.#audit = new AuditService({
      store: this.#accessLog,
      node: { name: this.#o.organisationName, address: this.#o.nodeKey.address },
      verifier: new AccessEventVerifier({
        reader: accessAnchors,
        custodian: () => accessAnchors.custodian(),
      }),
      onAppend: () => accessWorker.notify(),
      logger: logger.child({ component: 'audit' }),
    });

    const origin = await this.#http.listen(config.apiHost, config.apiPort);
    this.fhirBaseUrl = `${config.publicUrl ?? origin}/fhir/R4`;
    const requesters = new RequesterDirectory(this.#o.organisation);
    const patients = new PatientAddressResolver(this.#store, keyRing);
    this.#vitals = new VitalsServices();
    this.#service = new RecordService({
      // Patient writes reach the address resolver, which remembers each patient's address until then.
      store: patients.watch(this.#store),
      keyRing,
      verifier,
      policy: new ConsentAccessPolicy({
        decider: new ConsentDecider(index),
        requesterOf: (subject) => federatedRequesterOf(subject) ?? requesters.requesterOf(subject),
        patientAddressOf: (reference, patient, within) => patients.addressOf(reference, patient, within),
        scopeAllows: smartScopeCheck,
        custodianPolicy: config.custodianPolicy,
      }),
      // The vitals monitor learns of committed Observations through the audit sink (src/clinical/vitals/README.md).
      audit: this.#vitals.observe(this.#audit),
      baseUrl: this.fhirBaseUrl,
      logger: logger.child({ component: 'fhir' }),
    });
    const tokens = new AccessTokenVerifier({
      issuers: [this.#o.nodeKey.address],
      audience: this.fhirBaseUrl,
    });
    // Every API on this node checks bearer tokens the same way and remembers who presented them.
    const authenticate = bearerAuthenticate({
      verifier: tokens,
      onIdentity: (identity) => requesters.remember(identity),
    });
    // Node-to-node fetch and the record locator, mounted beside the FHIR API (src/federation/README.md).
    this.#federation = new FederationServices({
      ledger,
      contracts,
      index: this.#indexer,
      consentIndex: index,
      store: this.#store,
      records: this.#service,
      audit: this.#audit,
      anchors,
      patients,
      nodeKey: this.#o.nodeKey,
      organisation: this.#o.organisation,
      publicOrigin: config.publicUrl ?? origin,
      authenticate,
      // A practitioner's own address is the first of its grantees when its token carried one.
      practitionerAddressOf: (subject) => {
        const { grantees } = requesters.requesterOf(subject);
        return grantees.length > 1 ? grantees[0] : undefined;
      },
      scopeAllows: smartScopeCheck,
      logger,
    });
    this.#federation.start();
    // Drug custody on chain, the AI_ORACLE loop, holds and cases (src/supply/README.md), mounted at /supply/v1.
    // One notification channel for the node: alerts, holds and cases share its SSE hub and webhook outbox.
    this.#notifications = NotificationChannel.open(join(config.dataDir, NOTIFY_FILE), logger);
    this.#supply = await SupplyServices.start({
      notifications: this.#notifications,
      ledger,
      contracts,
      indexer: this.#indexer,
      organisation: this.#o.organisation,
      dataDir: config.dataDir,
      authenticate,
      logger,
    });
    // Federated learning: this node's site and coordinator, rounds on the ModelRegistry (src/fl/README.md).
    this.#fl = new FlServices({
      ledger,
      contracts,
      records: this.#service,
      nodeKey: this.#o.nodeKey,
      organisation: this.#o.organisation,
      dataDir: config.dataDir,
      publicOrigin: config.publicUrl ?? origin,
      authenticate,
      logger,
    });
    this.#vitals.start({
      notifications: this.#notifications,
      records: this.#service,
      readVersion: vaultVersionReader(this.#store, keyRing),
      authenticate,
      scopeAllows: smartScopeCheck,
      logger,
    });
    this.#http.serve(
      createFhirApp({
        service: this.#service,
        limits: { maxBodyBytes: config.maxBodyBytes },
        binaries: new BinaryAttachments({
          service: this.#service,
          blobs: this.#blobs,
          keyRing,
          maxBytes: config.maxAttachmentBytes,
          logger: logger.child({ component: 'attachments' }),
        }),
        authenticate,
        logger: logger.child({ component: 'api' }),
        consent: new ConsentFhirOperations({
          consent: this.#consent,
          index,
          audit: this.#audit,
          patientAddressOf: (reference) => patients.addressOf(reference),
          scopeAllows: smartScopeCheck,
          baseUrl: this.fhirBaseUrl,
        }),
        accessList: new PatientAccessList({
          audit: this.#audit,
          scopeAllows: smartScopeCheck,
          isAuditor: auditorCheck,
          baseUrl: this.fhirBaseUrl,
        }),
        // Explained risk predictions from the repository's trained models (src/clinical/README.md).
        risk: new RiskFhirOperations({
          records: this.#service,
          models: RiskModelRegistry.load(),
          monitor: new RiskMonitor({ logger: logger.child({ component: 'risk-monitor' }) }),
        }),
      })
        .route(FEDERATION_BASE_PATH, this.#federation.app)
        .route(ALERTS_BASE_PATH, this.#vitals.app)
        .route(SUPPLY_BASE_PATH, this.#supply.app)
        .route(FL_BASE_PATH, this.#fl.app)
        // Clinical-text NLP: de-identify, extract draft resources, screen (src/nlp/README.md).
        .route(
          NLP_BASE_PATH,
          createNlpApp({
            records: this.#service,
            authenticate,
            tagger: await loadNoteTagger(logger),
            logger: logger.child({ component: 'nlp' }),
          }),
        )
        // The dashboard's own endpoints: patients sign in with their key; anyone may read the member list.
        .route(
          PATIENT_SIGN_IN_PATH,
          createPatientSignInApp({
            addressOf: (reference) => patients.addressOf(reference),
            issue: (patient) => ({
              token: issueNodeToken(
                { patient, scopes: DEFAULT_PATIENT_SCOPES, ttlSeconds: 3600, audience: this.fhirBaseUrl },
                this.#o.nodeKey,
              ).token,
              expiresIn: 3600,
            }),
          }),
        )
        .route(
          CONSORTIUM_PATH,
          createConsortiumDirectoryApp(
            ledger.publicClient,
            contracts.ConsortiumRegistry,
            this.#o.organisationName,
          ),
        )
        // The dashboard (web/dist) at `/`, after every API.
        .use('*', dashboardStatic()),
    );
    // Jobs this node coordinated that a crash interrupted go on from their last completed round.
    this.#fl.start();
  }

  /** Reverse order: no new requests, the anchoring batch in progress settles, the indexer stops, databases close. */
  async stop(): Promise<void> {
    await this.#fl?.stop();
    this.#fl = undefined;
    this.#notifications?.closeStreams();
    await this.#http.stop();
    await this.#vitals?.stop();
    this.#vitals = undefined;
    await this.#supply?.stop();
    this.#supply = undefined;
    await this.#notifications?.close();
    this.#notifications = undefined;
    await this.#federation?.stop();
    this.#federation = undefined;
    await this.#worker?.stop();
    await this.#accessWorker?.stop();
    await this.#indexer?.stop();
    await this.#accessLog?.close();
    await this.#blobs?.close();
    await this.#store?.close();
    this.#keyLock?.release();
    this.#db?.close();
    this.#worker = undefined;
    this.#accessWorker = undefined;
    this.#accessLog = undefined;
    this.#audit = undefined;
    this.#indexer = undefined;
    this.#store = undefined;
    this.#blobs = undefined;
    this.#keyLock = undefined;
    this.#db = undefined;
    this.#service = undefined;
    this.#consent = undefined;
  }
}
