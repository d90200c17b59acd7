import type { Logger } from '../../../logger.ts';
import type { Notifier } from '../../../notify/Notifier.ts';
import type { WebhookOutbox } from '../../../notify/WebhookOutbox.ts';
import type { AccessContext, RecordInteraction } from '../../../records/service/AccessPolicy.ts';
import type { VitalsMonitor } from '../VitalsMonitor.ts';

/** What the alert routes share: the monitor, the notifier, the caller, and the scope rule. */
export type AlertsEnv = {
  Variables: {
    monitor: VitalsMonitor;
    notifier: Notifier;
    webhooks: WebhookOutbox | undefined;
    logger: Logger;
    access: AccessContext;
    scopeAllows: (ctx: AccessContext, resourceType: string, interaction: RecordInteraction) => boolean;
  };
};
