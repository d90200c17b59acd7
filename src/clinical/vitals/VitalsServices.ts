import type { Hono } from 'hono';
import type { Authenticate } from '../../api/Authenticate.ts';
import type { Logger } from '../../logger.ts';
import type { NotificationChannel } from '../../notify/NotificationChannel.ts';
import type { WebhookOutbox } from '../../notify/WebhookOutbox.ts';
import type { AccessContext, RecordInteraction } from '../../records/service/AccessPolicy.ts';
import type { AuditSink } from '../../records/service/AuditSink.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import type { AlertsEnv } from './api/AlertsEnv.ts';
import { createAlertsApp } from './api/createAlertsApp.ts';
import type { AlertRecipient } from './careTeamMessage.ts';
import { observeRecordWrites } from './observeRecordWrites.ts';
import { VitalsMonitor, type VitalsMonitorOptions } from './VitalsMonitor.ts';
import type { VersionReader } from './vaultVersionReader.ts';

/** What the node hands the vitals services once its record service exists. */
export type VitalsServicesOptions = {
  /** The node's notification channel (SSE hub + webhook outbox), owned and closed by the node. */
  notifications: NotificationChannel;
  records: RecordService;
  readVersion: VersionReader;
  authenticate: Authenticate;
  scopeAllows: (ctx: AccessContext, resourceType: string, interaction: RecordInteraction) => boolean;
  careTeam?: readonly AlertRecipient[];
  /** Ventricular-run alerts on stored ECGs (default: runs of 3 or more, `urgent`). */
  ventricularRun?: VitalsMonitorOptions['ventricularRun'];
  logger: Logger;
};

/**
 * The vitals early warning on a node, in one lifecycle: the monitor fed by committed Observations (`observe`
 * wraps the audit sink before the record service is built), alerts published through the node's notification
 * channel, and the alert API to mount at `ALERTS_BASE_PATH`. `stop` lets queued scoring settle (the node closes
 * the channel after).
 */
export class VitalsServices {
  #channel: NotificationChannel | undefined;
  #monitor: VitalsMonitor | undefined;
  #app: Hono<AlertsEnv> | undefined;

  /** The record service's audit sink, wrapped so the monitor learns of every committed Observation. */
  observe(sink: AuditSink): AuditSink {
    return observeRecordWrites(sink, ['Observation'], (write) => this.#monitor?.observe(write));
  }

  start(options: VitalsServicesOptions): void {
    const logger = options.logger.child({ component: 'vitals' });
    this.#channel = options.notifications;
    const { notifier, outbox } = this.#channel;
    this.#monitor = new VitalsMonitor({
      records: options.records,
      readVersion: options.readVersion,
      notifier,
      ...(options.careTeam === undefined ? {} : { careTeam: options.careTeam }),
      ...(options.ventricularRun === undefined ? {} : { ventricularRun: options.ventricularRun }),
      logger,
    });
    this.#app = createAlertsApp({
      monitor: this.#monitor,
      notifier,
      webhooks: outbox,
      authenticate: options.authenticate,
      scopeAllows: options.scopeAllows,
      logger,
    });
  }

  /** The monitor (alerts, latest assessments, `idle` for tests and benchmarks). */
  get monitor(): VitalsMonitor {
    if (!this.#monitor) throw new Error('VitalsServices is not started');
    return this.#monitor;
  }

  /** The alert API (mount at `ALERTS_BASE_PATH`). */
  get app(): Hono<AlertsEnv> {
    if (!this.#app) throw new Error('VitalsServices is not started');
    return this.#app;
  }

  /** Webhook subscriptions and deliveries. */
  get webhooks(): WebhookOutbox {
    if (!this.#channel) throw new Error('VitalsServices is not started');
    return this.#channel.outbox;
  }

  /** Queued scoring finishes (it may still publish, so the node closes its channel only after this). */
  async stop(): Promise<void> {
    await this.#monitor?.stop();
    this.#monitor = undefined;
    this.#channel = undefined;
  }
}
