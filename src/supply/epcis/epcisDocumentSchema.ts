import { z } from 'zod';
import { epcisDateTime } from './epcisEventSchema.ts';

/** The JSON-LD context of EPCIS 2.0 (any version path of it on ref.gs1.org, or the GitHub pages copy). */
const EPCIS_CONTEXT =
  /^https:\/\/(ref\.gs1\.org\/standards\/epcis\/(2\.0\.\d+\/)?|gs1\.github\.io\/EPCIS\/)epcis-context\.jsonld$/;

/** A JSON-LD `@context` that includes the EPCIS 2.0 context, as a capture document or bare event must. */
export const epcisContextSchema = z
  .union([z.string(), z.array(z.union([z.string(), z.record(z.string(), z.unknown())]))], {
    error: (issue) =>
      issue.input === undefined ? '@context is required (JSON-LD)' : '@context must be a URI or a list',
  })
  .superRefine((context, ctx) => {
    const entries = Array.isArray(context) ? context : [context];
    if (!entries.some((entry) => typeof entry === 'string' && EPCIS_CONTEXT.test(entry)))
      ctx.addIssue({
        code: 'custom',
        message: '@context must include https://ref.gs1.org/standards/epcis/epcis-context.jsonld',
      });
  });

/** An EPCIS 2.0 document (EPCIS 2.0 §9.3): header fields and `epcisBody.eventList`, whose events are checked apart. */
export const epcisDocumentSchema = z
  .object({
    '@context': epcisContextSchema,
    type: z.literal('EPCISDocument'),
    schemaVersion: z.string().regex(/^2\.\d+(\.\d+)?$/, { error: 'schemaVersion must be 2.0' }),
    creationDate: epcisDateTime,
    id: z.string().optional(),
    sender: z.string().optional(),
    receiver: z.string().optional(),
    instanceIdentifier: z.string().optional(),
    epcisHeader: z.record(z.string(), z.unknown()).optional(),
    epcisBody: z.strictObject({ eventList: z.array(z.unknown()) }),
  })
  .catchall(z.unknown())
  .superRefine((document, ctx) => {
    for (const key of Object.keys(document))
      if (!DOCUMENT_KEYS.has(key) && !key.includes(':'))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'unknown EPCISDocument field; extensions need a namespace prefix',
        });
  });

const DOCUMENT_KEYS = new Set([
  '@context',
  'type',
  'schemaVersion',
  'creationDate',
  'id',
  'sender',
  'receiver',
  'instanceIdentifier',
  'epcisHeader',
  'epcisBody',
]);
