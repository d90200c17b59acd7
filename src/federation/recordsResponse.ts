import type { Resource } from '@medplum/fhirtypes';
import type { Address, Hex } from 'viem';
import { z } from 'zod';

/** The protocol name a custodian's records response carries (the requester refuses any other). */
export const RECORDS_PROTOCOL = 'caduceus.federation.records.v1';

/** Where a version's content hash was anchored: what the requester needs to check it on chain itself. */
export type FederatedAnchor = { root: Hex; txHash: Hex; batchId: string; proof: Hex[] };

/**
 * One record version as a custodian hands it to another node: the resource exactly as stored (no anchor tag, so
 * its RFC 8785 bytes hash to `contentHash`), and its anchor, or null while it waits in the custodian's outbox.
 */
export type FederatedEntry = {
  resource: Resource;
  versionId: number;
  contentHash: Hex;
  anchor: FederatedAnchor | null;
};

/** What the custodian answered for one resource type: the permitted versions, or a refusal (reason withheld). */
export type FederatedTypeResult =
  | { type: string; status: 'permitted'; total: number; truncated: boolean; entries: FederatedEntry[] }
  | { type: string; status: 'denied' };

/** A custodian's answer to a records request. */
export type RecordsResponse = {
  protocol: typeof RECORDS_PROTOCOL;
  /** The custodian's member account (the custodian every anchor must name) and its node. */
  custodian: { account: Address; node: Address };
  patient: Address;
  results: FederatedTypeResult[];
};

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/) as unknown as z.ZodType<Hex>;
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/) as unknown as z.ZodType<Address>;

const entrySchema = z.object({
  resource: z
    .object({ resourceType: z.string().min(1), id: z.string().min(1) })
    .passthrough() as unknown as z.ZodType<Resource>,
  versionId: z.number().int().positive(),
  contentHash: hex32,
  anchor: z
    .object({
      root: hex32,
      txHash: hex32,
      batchId: z.string().max(200),
      proof: z.array(hex32).max(64),
    })
    .nullable(),
});

/** The zod schema a requester checks every custodian response against before trusting any part of it. */
export const recordsResponseSchema: z.ZodType<RecordsResponse> = z.object({
  protocol: z.literal(RECORDS_PROTOCOL),
  custodian: z.object({ account: address, node: address }),
  patient: address,
  results: z.array(
    z.discriminatedUnion('status', [
      z.object({
        type: z.string(),
        status: z.literal('permitted'),
        total: z.number().int().nonnegative(),
        truncated: z.boolean(),
        entries: z.array(entrySchema),
      }),
      z.object({ type: z.string(), status: z.literal('denied') }),
    ]),
  ),
});
