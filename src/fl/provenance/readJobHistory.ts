import { type Address, type Hex, hexToString, type PublicClient } from 'viem';
import { modelRegistryAbi } from '../../ledger/contracts/generated/ModelRegistry.ts';
import type { FlJobHistory, FlRoundRecord } from './ModelProvenance.ts';

/** The sample count the contract stores for a site with fewer than 5 records. */
export const SUPPRESSED_COUNT = 0xffff_ffff;
const ZERO_HASH = `0x${'00'.repeat(32)}` as const;
const fromE6 = (value: bigint): number => Number(value) / 1e6;

/** A job's history as the ModelRegistry holds it (views only: any JSON-RPC endpoint will do, no key needed). */
export async function readJobHistory(
  read: PublicClient,
  address: Address,
  jobId: Hex,
): Promise<FlJobHistory> {
  const job = await read.readContract({
    address: address,
    abi: modelRegistryAbi,
    functionName: 'getJob',
    args: [jobId],
  });
  const rounds: FlRoundRecord[] = [];
  for (let n = 1; n <= job.roundsRecorded; n++) {
    const r = await read.readContract({
      address: address,
      abi: modelRegistryAbi,
      functionName: 'getRound',
      args: [jobId, n],
    });
    const epsilonSpent = fromE6(r.epsilonSpentE6);
    rounds.push({
      round: n,
      modelHash: r.modelHash,
      contributions: r.contributions.map((c) => ({
        site: c.site,
        sampleCount: c.sampleCount === SUPPRESSED_COUNT ? '<5' : c.sampleCount,
        updateHash: c.updateHash,
        attestation: c.attestation,
      })),
      dropped: r.dropped,
      ...(epsilonSpent > 0 ? { epsilonSpent } : {}),
      metrics: Object.fromEntries(
        r.metricNames.map((name, i) => [
          hexToString(name, { size: 32 }),
          fromE6(BigInt(r.metricValuesE6[i] ?? 0n)),
        ]),
      ),
    });
  }
  const dp = job.dp.noiseMultiplierE6 > 0n || job.dp.clipNormE6 > 0n;
  return {
    jobId,
    coordinator: job.coordinator,
    job: {
      specHash: job.specHash,
      featuresHash: job.featuresHash,
      initialModelHash: job.initialModelHash,
      algorithm: job.algorithm,
      sites: job.sites,
      minSites: job.minSites,
      rounds: job.rounds,
      secureAggregation: job.secureAggregation,
      ...(dp
        ? {
            dp: {
              noiseMultiplier: fromE6(job.dp.noiseMultiplierE6),
              clipNorm: fromE6(job.dp.clipNormE6),
              epsilonBudget: fromE6(job.dp.epsilonBudgetE6),
              delta: Number(job.dp.deltaE12) / 1e12,
            },
          }
        : {}),
    },
    rounds,
    ...(job.modelHash === ZERO_HASH
      ? {}
      : { model: { modelHash: job.modelHash, cardHash: job.cardHash, cardUri: job.cardUri } }),
  };
}
