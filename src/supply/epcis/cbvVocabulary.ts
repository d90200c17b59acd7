/**
 * The GS1 Core Business Vocabulary (CBV 2.0) terms EPCIS validation needs. A bare word must be one of these; anything
 * else must be a URI or CURIE (a user vocabulary), which EPCIS 2.0 allows.
 */

/** CBV 2.0 business steps (CBV §7.1). */
export const CBV_BIZ_STEPS: ReadonlySet<string> = new Set([
  'accepting',
  'arriving',
  'assembling',
  'collecting',
  'commissioning',
  'consigning',
  'creating_class_instance',
  'cycle_counting',
  'decommissioning',
  'departing',
  'destroying',
  'disassembling',
  'dispensing',
  'encoding',
  'entering_exiting',
  'holding',
  'inspecting',
  'installing',
  'killing',
  'loading',
  'other',
  'packing',
  'picking',
  'receiving',
  'removing',
  'repackaging',
  'repairing',
  'replacing',
  'reserving',
  'retail_selling',
  'sampling',
  'sensor_reporting',
  'shipping',
  'staging_outbound',
  'stock_taking',
  'stocking',
  'storing',
  'transporting',
  'unloading',
  'unpacking',
  'void_shipping',
]);

/** CBV 2.0 dispositions (CBV §7.2). */
export const CBV_DISPOSITIONS: ReadonlySet<string> = new Set([
  'active',
  'available',
  'completeness_inferred',
  'completeness_verified',
  'conformant',
  'container_closed',
  'container_open',
  'damaged',
  'destroyed',
  'dispensed',
  'disposed',
  'encoded',
  'expired',
  'in_progress',
  'in_transit',
  'inactive',
  'mismatch_instance',
  'mismatch_class',
  'mismatch_quantity',
  'needs_replacement',
  'no_pedigree_match',
  'non_conformant',
  'non_sellable_other',
  'partially_dispensed',
  'recalled',
  'reserved',
  'retail_sold',
  'returned',
  'sellable_accessible',
  'sellable_not_accessible',
  'stolen',
  'unavailable',
  'unknown',
]);

/** CBV 2.0 source/destination types (CBV §7.4). */
export const CBV_SOURCE_DESTINATION_TYPES: ReadonlySet<string> = new Set([
  'owning_party',
  'possessing_party',
  'location',
]);

/** CBV 2.0 business transaction types (CBV §7.3). */
export const CBV_BIZ_TRANSACTION_TYPES: ReadonlySet<string> = new Set([
  'bol',
  'cert',
  'desadv',
  'inv',
  'pedigree',
  'po',
  'poc',
  'prodorder',
  'recadv',
  'rma',
  'testprd',
  'testres',
  'upevt',
]);

/** A vocabulary's three spellings of one term: bare word, CBV 1.x URN, GS1 Web URI (`https://ref.gs1.org/cbv/…`). */
export type CbvVocabulary = {
  terms: ReadonlySet<string>;
  /** The URN prefix of CBV 1.x, e.g. `urn:epcglobal:cbv:bizstep:`. */
  urnPrefix: string;
  /** The Web URI prefix of CBV 2.0, e.g. `https://ref.gs1.org/cbv/BizStep-`. */
  webPrefix: string;
  /** The CURIE prefix the EPCIS context defines, e.g. `cbv:BizStep-`. */
  curiePrefix: string;
};

const vocabulary = (terms: ReadonlySet<string>, urn: string, web: string): CbvVocabulary => ({
  terms,
  urnPrefix: `urn:epcglobal:cbv:${urn}:`,
  webPrefix: `https://ref.gs1.org/cbv/${web}-`,
  curiePrefix: `cbv:${web}-`,
});

/** The vocabularies of the fields EPCIS restricts to CBV terms or URIs. */
export const CBV = {
  bizStep: vocabulary(CBV_BIZ_STEPS, 'bizstep', 'BizStep'),
  disposition: vocabulary(CBV_DISPOSITIONS, 'disp', 'Disp'),
  sourceDestinationType: vocabulary(CBV_SOURCE_DESTINATION_TYPES, 'sdt', 'SDT'),
  bizTransactionType: vocabulary(CBV_BIZ_TRANSACTION_TYPES, 'btt', 'BTT'),
} as const;

/** How a vocabulary value reads: a CBV term (in any spelling), a user URI, or neither (a bare non-CBV word). */
export type CbvReading = { kind: 'cbv'; term: string } | { kind: 'uri' } | { kind: 'invalid' };

/**
 * Reads a bizStep/disposition/type value: bare CBV words and their URN, Web URI and CURIE forms give the bare term; a
 * CBV-prefixed value whose term is not in CBV is invalid (a typo, not an extension); other URIs are user vocabulary.
 */
export function readCbvValue(value: string, vocab: CbvVocabulary): CbvReading {
  for (const prefix of [vocab.urnPrefix, vocab.webPrefix, vocab.curiePrefix]) {
    if (value.startsWith(prefix)) {
      const term = value.slice(prefix.length);
      return vocab.terms.has(term) ? { kind: 'cbv', term } : { kind: 'invalid' };
    }
  }
  if (vocab.terms.has(value)) return { kind: 'cbv', term: value };
  return value.includes(':') ? { kind: 'uri' } : { kind: 'invalid' };
}
