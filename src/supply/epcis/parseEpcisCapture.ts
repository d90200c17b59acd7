import type { z } from 'zod';
import type { CustodyEvent } from './CustodyEvent.ts';
import { type EpcisIssue, formatEpcisPath } from './EpcisIssue.ts';
import { epcisContextSchema, epcisDocumentSchema } from './epcisDocumentSchema.ts';
import { epcisEventSchemas, isEpcisEventType } from './epcisEventSchema.ts';
import { toCustodyEvents } from './toCustodyEvents.ts';

/** What a capture gives: the custody events when it is clean, and every issue found (empty when `ok`). */
export type EpcisCaptureResult =
  | { ok: true; events: CustodyEvent[]; issues: [] }
  | { ok: false; events: []; issues: EpcisIssue[] };

/** How many issues a capture reports at most: enough to fix a document, bounded for a hostile one. */
const MAX_ISSUES = 200;

/**
 * Validates an EPCIS 2.0 JSON-LD capture (an `EPCISDocument` or a single event) and normalises its ObjectEvents and
 * AggregationEvents into custody events. All or nothing, as EPCIS capture is: one bad event fails the capture, and
 * every issue is reported with its JSON path so the sender can fix them in one round.
 * @example
 * const result = parseEpcisCapture(JSON.parse(body));
 * if (!result.ok) return epcisIssuesOutcome(result.issues); // 400 OperationOutcome
 */
export function parseEpcisCapture(input: unknown): EpcisCaptureResult {
  const issues: EpcisIssue[] = [];
  const events: CustodyEvent[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return fail([
      { path: '', message: 'expected an EPCIS 2.0 document or event (a JSON object)', code: 'invalid' },
    ]);
  const type = (input as { type?: unknown }).type;

  if (type === 'EPCISDocument') {
    const document = epcisDocumentSchema.safeParse(input);
    if (!document.success) return fail(zodIssues(document.error, []));
    document.data.epcisBody.eventList.forEach((event, index) => {
      if (issues.length < MAX_ISSUES) readEvent(event, ['epcisBody', 'eventList', index], issues, events);
    });
  } else if (isEpcisEventType(type)) {
    const context = epcisContextSchema.safeParse((input as { '@context'?: unknown })['@context']);
    if (!context.success) issues.push(...zodIssues(context.error, ['@context']));
    readEvent(input, [], issues, events);
  } else {
    return fail([
      {
        path: 'type',
        message: `expected EPCISDocument or an event type (ObjectEvent, AggregationEvent, …), not ${JSON.stringify(type)}`,
        code: 'invalid',
      },
    ]);
  }
  return issues.length === 0 ? { ok: true, events, issues: [] } : fail(issues);
}

function fail(issues: EpcisIssue[]): EpcisCaptureResult {
  return { ok: false, events: [], issues: issues.slice(0, MAX_ISSUES) };
}

function readEvent(
  raw: unknown,
  path: readonly PropertyKey[],
  issues: EpcisIssue[],
  events: CustodyEvent[],
): void {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (!isEpcisEventType(type)) {
    issues.push({
      path: formatEpcisPath([...path, 'type']),
      message: `not an EPCIS 2.0 event type: ${JSON.stringify(type)}`,
      code: 'invalid',
    });
    return;
  }
  const parsed = epcisEventSchemas[type].safeParse(raw);
  if (!parsed.success) {
    issues.push(...zodIssues(parsed.error, path));
    return;
  }
  if (parsed.data.type !== 'ObjectEvent' && parsed.data.type !== 'AggregationEvent') {
    issues.push({
      path: formatEpcisPath([...path, 'type']),
      message: `${type} is valid EPCIS but not a custody event (ObjectEvent or AggregationEvent)`,
      code: 'not-supported',
    });
    return;
  }
  const custody = toCustodyEvents(parsed.data, path);
  issues.push(...custody.issues);
  events.push(...custody.events);
}

/** Zod's issues as located EPCIS issues; a missing field says "required" instead of zod's type wording. */
function zodIssues(error: z.ZodError, path: readonly PropertyKey[]): EpcisIssue[] {
  return error.issues.map((issue) => {
    const at = [...path, ...issue.path];
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    const field = at.at(-1);
    const message = missing ? `${typeof field === 'string' ? field : 'value'} is required` : issue.message;
    return { path: formatEpcisPath(at), message, code: 'invalid' };
  });
}
