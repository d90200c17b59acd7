import { z } from 'zod';
import { CBV, type CbvVocabulary, readCbvValue } from './cbvVocabulary.ts';

/**
 * Zod schemas of the EPCIS 2.0 JSON-LD event types (EPCIS 2.0 §7 and its JSON schema), strict where the standard is:
 * RFC 3339 times with an offset, the three actions, CBV words or URIs for vocabulary fields, numeric quantities,
 * closed quantity/source/destination elements, and no un-namespaced field outside the standard ones (extensions are
 * `prefix:name`). ObjectEvent and AggregationEvent are checked in full; the other three types only as far as telling
 * valid EPCIS from invalid needs, since Caduceus does not record them.
 */

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const TIME_ZONE_OFFSET = /^[+-]((0\d|1[0-3]):[0-5]\d|14:00)$/;

/** An RFC 3339 date-time with seconds optional and an offset (`Z` or `±hh:mm`), as EPCIS 2.0 requires. */
export const epcisDateTime = z.string().superRefine((value, ctx) => {
  if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))
    ctx.addIssue({
      code: 'custom',
      message: `not a date-time with offset (e.g. 2024-05-01T10:00:00.000+02:00): ${JSON.stringify(value)}`,
    });
});

const uri = z.string().superRefine((value, ctx) => {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value))
    ctx.addIssue({ code: 'custom', message: `not a URI: ${JSON.stringify(value)}` });
});

const cbvValue = (vocab: CbvVocabulary, label: string) =>
  z.string().superRefine((value, ctx) => {
    if (readCbvValue(value, vocab).kind === 'invalid')
      ctx.addIssue({ code: 'custom', message: `not a CBV ${label} nor a URI: ${JSON.stringify(value)}` });
  });

/** Adds an issue for every un-namespaced key that the standard does not define (extensions must be `prefix:name`). */
const onlyNamespacedExtensions =
  (known: ReadonlySet<string>, where: string) => (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    for (const key of Object.keys(value)) {
      if (!known.has(key) && !key.includes(':'))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `unknown ${where} field; extensions need a namespace prefix (e.g. example:${key})`,
        });
    }
  };

/** A closed object schema that still admits namespaced extension fields, as EPCIS 2.0 objects do. */
function extensible<Shape extends z.ZodRawShape>(shape: Shape, where: string) {
  return z
    .object(shape)
    .catchall(z.unknown())
    .superRefine(onlyNamespacedExtensions(new Set(Object.keys(shape)), where));
}

const quantityElement = z.strictObject({
  epcClass: uri,
  quantity: z.number({ error: 'quantity must be a number' }).nonnegative().optional(),
  uom: z.string().optional(),
});

const location = extensible({ id: uri }, 'location');

const sourceElement = z.strictObject({
  type: cbvValue(CBV.sourceDestinationType, 'source type'),
  source: uri,
});
const destinationElement = z.strictObject({
  type: cbvValue(CBV.sourceDestinationType, 'destination type'),
  destination: uri,
});
const bizTransaction = z.strictObject({
  type: cbvValue(CBV.bizTransactionType, 'business transaction type').optional(),
  bizTransaction: uri,
});

const ilmd = z.record(z.string(), z.unknown()).superRefine(onlyNamespacedExtensions(new Set(), 'ILMD'));

const certificationInfo = z.union([uri, z.array(uri)], {
  error: 'certificationInfo must be a URI or a list of URIs',
});

const action = z.enum(['ADD', 'OBSERVE', 'DELETE'], {
  error: (issue) =>
    issue.input === undefined
      ? 'action is required'
      : `action must be ADD, OBSERVE or DELETE, not ${JSON.stringify(issue.input)}`,
});

/** The fields every EPCIS 2.0 event type has (EPCIS 2.0 §7.4.1, the `EPCISEvent` class). */
const common = {
  '@context': z.unknown().optional(),
  eventTime: epcisDateTime,
  eventTimeZoneOffset: z.string().regex(TIME_ZONE_OFFSET, {
    error: (issue) =>
      issue.input === undefined
        ? 'eventTimeZoneOffset is required'
        : `eventTimeZoneOffset must be ±hh:mm, not ${JSON.stringify(issue.input)}`,
  }),
  eventID: uri.optional(),
  recordTime: epcisDateTime.optional(),
  certificationInfo: certificationInfo.optional(),
  errorDeclaration: z.record(z.string(), z.unknown()).optional(),
  readPoint: location.optional(),
  bizLocation: location.optional(),
  bizStep: cbvValue(CBV.bizStep, 'bizStep').optional(),
  disposition: cbvValue(CBV.disposition, 'disposition').optional(),
  bizTransactionList: z.array(bizTransaction).optional(),
  sourceList: z.array(sourceElement).optional(),
  destinationList: z.array(destinationElement).optional(),
  sensorElementList: z.array(z.record(z.string(), z.unknown())).optional(),
  persistentDisposition: z
    .strictObject({ set: z.array(z.string()).optional(), unset: z.array(z.string()).optional() })
    .optional(),
};

/** An EPCIS 2.0 ObjectEvent: what happened to a list of instances (`epcList`) and/or classes (`quantityList`). */
export const objectEventSchema = extensible(
  {
    ...common,
    type: z.literal('ObjectEvent'),
    action,
    epcList: z.array(uri).optional(),
    quantityList: z.array(quantityElement).optional(),
    ilmd: ilmd.optional(),
  },
  'ObjectEvent',
).superRefine((event, ctx) => {
  if ((event.epcList?.length ?? 0) + (event.quantityList?.length ?? 0) === 0)
    ctx.addIssue({ code: 'custom', message: 'an ObjectEvent needs a non-empty epcList or quantityList' });
});

/** An EPCIS 2.0 AggregationEvent: children (`childEPCs`, `childQuantityList`) put into, seen in or taken out of a parent. */
export const aggregationEventSchema = extensible(
  {
    ...common,
    type: z.literal('AggregationEvent'),
    action,
    parentID: uri.optional(),
    childEPCs: z.array(uri).optional(),
    childQuantityList: z.array(quantityElement).optional(),
  },
  'AggregationEvent',
).superRefine((event, ctx) => {
  if (event.action !== 'OBSERVE' && event.parentID === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['parentID'],
      message: `parentID is required when action is ${event.action}`,
    });
});

const loose = z.unknown().optional();

/** The three event types Caduceus does not record, checked only for their common fields and field names. */
const otherEventSchemas = {
  TransactionEvent: extensible(
    {
      ...common,
      type: z.literal('TransactionEvent'),
      action,
      parentID: loose,
      epcList: loose,
      quantityList: loose,
    },
    'TransactionEvent',
  ),
  TransformationEvent: extensible(
    {
      ...common,
      type: z.literal('TransformationEvent'),
      transformationID: loose,
      inputEPCList: loose,
      inputQuantityList: loose,
      outputEPCList: loose,
      outputQuantityList: loose,
      ilmd: ilmd.optional(),
    },
    'TransformationEvent',
  ),
  AssociationEvent: extensible(
    {
      ...common,
      type: z.literal('AssociationEvent'),
      action,
      parentID: loose,
      childEPCs: loose,
      childQuantityList: loose,
    },
    'AssociationEvent',
  ),
} as const;

/** The event schema for each EPCIS 2.0 event type. */
export const epcisEventSchemas = {
  ObjectEvent: objectEventSchema,
  AggregationEvent: aggregationEventSchema,
  ...otherEventSchemas,
} as const;

/** The five EPCIS 2.0 event types. */
export type EpcisEventType = keyof typeof epcisEventSchemas;

/** A validated ObjectEvent. */
export type EpcisObjectEvent = z.infer<typeof objectEventSchema>;
/** A validated AggregationEvent. */
export type EpcisAggregationEvent = z.infer<typeof aggregationEventSchema>;
/** The two event types that can carry custody: what `toCustodyEvents` reads. */
export type EpcisCustodyCarrier = EpcisObjectEvent | EpcisAggregationEvent;
/** A quantity element (`epcClass`, `quantity`, `uom`). */
export type EpcisQuantityElement = z.infer<typeof quantityElement>;

/** Whether a value names one of the five EPCIS 2.0 event types. */
export function isEpcisEventType(value: unknown): value is EpcisEventType {
  return typeof value === 'string' && Object.hasOwn(epcisEventSchemas, value);
}
