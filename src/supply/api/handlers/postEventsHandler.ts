import type { Handler } from 'hono';
import { outcomeResponse } from '../../../api/fhirResponse.ts';
import { operationOutcome } from '../../../fhir/operationOutcome.ts';
import { epcisIssuesOutcome } from '../../epcis/epcisIssuesOutcome.ts';
import { parseEpcisCapture } from '../../epcis/parseEpcisCapture.ts';
import type { SupplyEnv } from '../SupplyEnv.ts';
import { supplyErrorOutcome } from '../supplyErrorOutcome.ts';

/**
 * `POST /events`: an EPCIS 2.0 capture (document or single event). 400 with every located issue when it does not
 * parse; else the custody events are written in order and the answer is 201 with each event's id, status
 * (`written` or `learned`), tx hashes, shipment and risk verdict (200 when every event was a replay). When an event
 * is refused, the answer is that refusal's 4xx; the events before it stay written (listed as information), and
 * resending the whole capture is safe because replays are not written twice.
 */
export const postEventsHandler: Handler<SupplyEnv> = async (c) => {
  const parsed = parseEpcisCapture(c.var.body);
  if (!parsed.ok) return outcomeResponse(epcisIssuesOutcome(parsed.issues));
  const result = await c.var.supply.service.ingest(parsed.events);
  if (result.refused) {
    const refusal = supplyErrorOutcome(result.refused.error, c.var.logger);
    const written = result.events.map((event) => ({
      severity: 'information' as const,
      code: 'informational' as const,
      diagnostics: `${event.eventId} was ${event.replayed ? 'already recorded' : event.status}`,
    }));
    const [issue, ...rest] = refusal.outcome.issue ?? [];
    return outcomeResponse(
      operationOutcome(
        refusal.status,
        {
          code: issue?.code ?? 'processing',
          diagnostics: `Event ${result.refused.eventId}: ${issue?.diagnostics ?? 'refused'}`,
        },
        ...rest.map((extra) => ({ code: extra.code, diagnostics: extra.diagnostics ?? '' })),
        ...written,
      ),
    );
  }
  const fresh = result.events.some((event) => !event.replayed);
  return c.json({ events: result.events }, fresh ? 201 : 200);
};
