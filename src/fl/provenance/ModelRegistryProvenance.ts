import { type Address, type Hex, hexToString, parseEventLogs, stringToHex } from 'viem';
import type { LedgerClient } from '../../ledger/client/createLedgerClient.ts';
import { modelRegistryAbi } from '../../ledger/contracts/generated/ModelRegistry.ts';
import { toE6 } from './flAttestation.ts';
import type {
  FlJobHistory,
  FlJobRecord,
  FlModelRecord,
  FlRoundRecord,
  ModelProvenance,
} from './ModelProvenance.ts';

/** The sample count the contract stores for a site with fewer than 5 records. */
const SUPPRESSED = 0xffff_ffff;
const ZERO_HASH = `0x${'00'.repeat(32)}` as const;

const fromE6 = (value: bigint): number => Number(value) / 1e6;

/**
 * `ModelProvenance` on the `ModelRegistry` contract, written with the node's ledger client (its node key signs
 * the transactions, so the coordinator is the node's member) and read back with views.
 */
export class ModelRegistryProvenance implements ModelProvenance {
  readonly #ledger: LedgerClient;
  readonly #address: Address;

  constructor(ledger: LedgerClient, address: Address) {
    this.#ledger = ledger;
    this.#address = address;
  }

  /** Where attestations are checked: the chain id and this contract (`FlAttestationDomain`). */
  get domain(): { chainId: number; verifyingContract: Address } {
    return { chainId: this.#ledger.chainId, verifyingContract: this.#address };
  }

  async openJob(job: FlJobRecord): Promise<Hex> {
    const receipt = await this.#ledger.writeAndWait({
      address: this.#address,
      abi: modelRegistryAbi,
      functionName: 'openJob',
      args: [
        {
          specHash: job.specHash,
          featuresHash: job.featuresHash,
          initialModelHash: job.initialModelHash,
          algorithm: job.algorithm,
          sites: [...job.sites],
          minSites: job.minSites,
          rounds: job.rounds,
          secureAggregation: job.secureAggregation,
          dp: {
            noiseMultiplierE6: toE6(job.dp?.noiseMultiplier ?? 0),
            clipNormE6: toE6(job.dp?.clipNorm ?? 0),
            epsilonBudgetE6: toE6(job.dp?.epsilonBudget ?? 0),
            deltaE12: BigInt(Math.round((job.dp?.delta ?? 0) * 1e12)),
          },
        },
      ],
    });
    const [opened] = parseEventLogs({ abi: modelRegistryAbi, logs: receipt.logs, eventName: 'JobOpened' });
    if (!opened) throw new Error('openJob was mined without a JobOpened event');
    return opened.args.jobId;
  }

  async recordRound(jobId: Hex, round: FlRoundRecord): Promise<void> {
    const metrics = Object.entries(round.metrics);
    await this.#ledger.writeAndWait({
      address: this.#address,
      abi: modelRegistryAbi,
      functionName: 'recordRound',
      args: [
        jobId,
        {
          round: round.round,
          modelHash: round.modelHash,
          contributions: round.contributions.map((c) => ({
            site: c.site,
            sampleCount: c.sampleCount === '<5' ? SUPPRESSED : c.sampleCount,
            updateHash: c.updateHash,
            attestation: c.attestation,
          })),
          dropped: [...round.dropped],
          epsilonSpentE6: toE6(round.epsilonSpent ?? 0),
          metricNames: metrics.map(([name]) => stringToHex(name, { size: 32 })),
          metricValuesE6: metrics.map(([, value]) => toE6(value)),
        },
      ],
    });
  }

  async registerModel(jobId: Hex, model: FlModelRecord): Promise<void> {
    await this.#ledger.writeAndWait({
      address: this.#address,
      abi: modelRegistryAbi,
      functionName: 'registerModel',
      args: [jobId, model.modelHash, model.cardHash, model.cardUri],
    });
  }

  async history(jobId: Hex): Promise<FlJobHistory> {
    const read = this.#ledger.publicClient;
    const job = await read.readContract({
      address: this.#address,
      abi: modelRegistryAbi,
      functionName: 'getJob',
      args: [jobId],
    });
    const rounds: FlRoundRecord[] = [];
    for (let n = 1; n <= job.roundsRecorded; n++) {
      const r = await read.readContract({
        address: this.#address,
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
          sampleCount: c.sampleCount === SUPPRESSED ? '<5' : c.sampleCount,
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
}
