import type { Bundle, BundleEntry, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { Address } from 'viem';
import { recordLeaf } from '../ledger/merkle/merkleLeaf.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { AnchoredEntryVerifier } from '../records/anchoring/AnchoredEntryVerifier.ts';
import type { BatchAnchorReader } from '../records/anchoring/BatchAnchorChain.ts';
import type { FederationClient } from './FederationClient.ts';
import { CustodianResponseError } from './federationErrors.ts';
import type { LocatedCustodian, PatientLocator } from './PatientLocator.ts';
import type { RecordsRequest } from './recordsRequest.ts';
import { type FederatedVerification, verifyFederatedEntry } from './verifyFederatedEntry.ts';

/** `meta.tag` system of a fetched resource: what the requesting node verified about it itself. */
export const FEDERATION_VERIFICATION_SYSTEM = 'https://caduceus.health/fhir/federation-verification';
/** Bundle entry extension naming the custodian organisation a resource came from. */
export const FEDERATION_CUSTODIAN_EXTENSION =
  'https://caduceus.health/fhir/StructureDefinition/federation-custodian';
/** Identifier system of a member account. */
const ADDRESS_SYSTEM = 'urn:caduceus:ethereum-address';

const DISPLAY = {
  verified: 'Verified by this node against the custodian\u2019s on-chain anchor',
  pending: 'Not yet anchored by the custodian: hash checked, chain proof pending',
} as const;

/** What a federated fetch is built from. */
export type FederatedFetchOptions = {
  locator: PatientLocator;
  client: FederationClient;
  /** Where anchored roots are looked up (this node's `RecordAnchor` reader: index first, then chain). */
  anchors: BatchAnchorReader;
  /** This node's own member account: its records are read locally, not fetched from itself. */
  self: Address;
  logger?: Logger;
};

function outcomeEntry(severity: 'error' | 'warning', code: string, diagnostics: string): BundleEntry {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity, code: code as 'processing', diagnostics }],
  };
  return { resource: outcome, search: { mode: 'outcome' } };
}

/**
 * The requesting side of node-to-node fetch: locates the patient's custodians on chain, asks each (in parallel)
 * for the requested types, verifies every returned version itself (`verifyFederatedEntry`, against that
 * custodian's anchors) and returns a `searchset` Bundle: each resource tagged `verified` or `pending` with its
 * custodian in an entry extension and `meta.source`; versions that fail verification are not returned, and every
 * refusal, fault or failed version becomes an OperationOutcome entry naming the custodian.
 */
export class FederatedFetch {
  readonly #o: FederatedFetchOptions;
  readonly #logger: Logger;

  constructor(options: FederatedFetchOptions) {
    this.#o = options;
    this.#logger = options.logger ?? silentLogger;
  }

  async fetch(request: RecordsRequest): Promise<Bundle> {
    const custodians = (await this.#o.locator.locate(request.patient)).filter(
      (c) => c.account.toLowerCase() !== this.#o.self.toLowerCase(),
    );
    const parts = await Promise.all(custodians.map((custodian) => this.#fromCustodian(custodian, request)));
    const entry = parts.flat();
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: entry.filter((e) => e.search?.mode === 'match').length,
      entry,
    };
  }

  async #fromCustodian(custodian: LocatedCustodian, request: RecordsRequest): Promise<BundleEntry[]> {
    let response: Awaited<ReturnType<FederationClient['records']>>;
    try {
      response = await this.#o.client.records(custodian.serviceUrl, request);
    } catch (error) {
      if (!(error instanceof CustodianResponseError)) throw error;
      this.#logger.warn('custodian did not serve records', {
        custodian: custodian.account,
        status: error.status,
      });
      const code = error.status === 403 ? 'forbidden' : error.status === 404 ? 'not-found' : 'transient';
      return [
        outcomeEntry(
          error.status === 403 || error.status === 404 ? 'warning' : 'error',
          code,
          `${custodian.name}: ${error.shortMessage}`,
        ),
      ];
    }
    if (response.custodian.account.toLowerCase() !== custodian.account.toLowerCase())
      return [
        outcomeEntry(
          'error',
          'security',
          `${custodian.name} answered as another custodian; nothing it sent is used`,
        ),
      ];
    const verifier = new AnchoredEntryVerifier({
      reader: this.#o.anchors,
      custodian: custodian.account,
      leaf: recordLeaf,
    });
    const entries: BundleEntry[] = [];
    for (const result of response.results) {
      if (result.status === 'denied') {
        entries.push(
          outcomeEntry('warning', 'forbidden', `${custodian.name}: no consent covers ${result.type}`),
        );
        continue;
      }
      for (const item of result.entries) {
        const verification = await verifyFederatedEntry(item, verifier);
        const ref = `${item.resource.resourceType}/${item.resource.id}/_history/${item.versionId}`;
        if (verification.status === 'mismatch') {
          this.#logger.warn('federated record failed verification', { custodian: custodian.account, ref });
          entries.push(
            outcomeEntry(
              'error',
              'security',
              `${custodian.name}: ${ref} failed verification and is withheld: ${verification.reason}`,
            ),
          );
          continue;
        }
        entries.push(this.#matchEntry(custodian, item.resource, verification));
      }
      if (result.truncated)
        entries.push(
          outcomeEntry(
            'warning',
            'too-costly',
            `${custodian.name}: ${result.type} has more records than one request returns`,
          ),
        );
    }
    return entries;
  }

  #matchEntry(
    custodian: LocatedCustodian,
    resource: Resource,
    verification: FederatedVerification,
  ): BundleEntry {
    const state = verification.status === 'verified' ? 'verified' : 'pending';
    const tagged = {
      ...resource,
      meta: {
        ...resource.meta,
        source: custodian.serviceUrl,
        tag: [
          ...(resource.meta?.tag ?? []).filter((t) => t.system !== FEDERATION_VERIFICATION_SYSTEM),
          { system: FEDERATION_VERIFICATION_SYSTEM, code: state, display: DISPLAY[state] },
        ],
      },
    } as Resource;
    return {
      fullUrl: `${custodian.serviceUrl.replace(/\/+$/, '')}/fhir/R4/${resource.resourceType}/${resource.id}`,
      resource: tagged,
      search: { mode: 'match' },
      extension: [
        {
          url: FEDERATION_CUSTODIAN_EXTENSION,
          valueReference: {
            identifier: { system: ADDRESS_SYSTEM, value: custodian.account },
            display: custodian.name,
          },
        },
      ],
    };
  }
}
