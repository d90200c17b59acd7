import { z } from 'zod';
import { LogisticModel } from '../models/LogisticModel.ts';
import { MlpModel } from '../models/MlpModel.ts';
import type { ParametricModel } from '../models/ParametricModel.ts';

/** A federated job as its coordinator offers it to the sites: the same JSON everywhere, hashed onto the chain. */
export const flJobSpecSchema = z
  .object({
    /** The feature definition's id (every site must know it: `features/`). */
    features: z.string().min(1).max(100),
    model: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('logistic') }).strict(),
      z
        .object({ kind: z.literal('mlp'), hidden: z.array(z.number().int().min(1).max(256)).min(1).max(2) })
        .strict(),
    ]),
    algorithm: z.enum(['fedavg', 'fedprox']).default('fedavg'),
    /** FedProx μ (ignored by FedAvg). */
    mu: z.number().min(0).max(10).default(0.01),
    rounds: z.number().int().min(1).max(100),
    /** k of n: a round closes when this many sites have sent their update (or fails at the deadline). */
    minSites: z.number().int().min(1),
    /** Invited sites: member accounts. */
    sites: z
      .array(z.string().regex(/^0x[0-9a-fA-F]{40}$/))
      .min(1)
      .max(50),
    secureAggregation: z.boolean().default(true),
    /**
     * How updates combine: the weighted mean (FedAvg/FedProx), or a robust rule that keeps a poisoned site from
     * steering the model (coordinate-wise median, trimmed mean, Krum). Robust rules need each site's update, so
     * they run without secure aggregation.
     */
    aggregation: z.enum(['mean', 'median', 'trimmed-mean', 'krum']).default('mean'),
    /** Bound of each coordinate of a weighted update `n·Δ` in the secure-aggregation ring. */
    clip: z.number().positive().max(1e6).default(10_000),
    local: z
      .object({
        epochs: z.number().int().min(1).max(50).default(1),
        batchSize: z.number().int().min(1).max(4096).default(32),
        learningRate: z.number().positive().max(10).default(0.05),
        optimizer: z.enum(['sgd', 'adam']).default('adam'),
      })
      .strict()
      .default({ epochs: 1, batchSize: 32, learningRate: 0.05, optimizer: 'adam' }),
    dp: z
      .object({
        noiseMultiplier: z.number().positive().max(100),
        clipNorm: z.number().positive().max(100),
        epsilonBudget: z.number().positive().max(100),
        delta: z.number().positive().max(1e-2),
      })
      .strict()
      .optional(),
    /** How long each phase of a round waits for the sites (ms). */
    phaseTimeoutMs: z.number().int().min(100).max(600_000).default(15_000),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .default(1),
  })
  .strict()
  .refine((spec) => spec.minSites <= spec.sites.length, { message: 'minSites exceeds the number of sites' })
  .refine((spec) => spec.aggregation === 'mean' || !spec.secureAggregation, {
    message: 'robust aggregation needs individual updates: set secureAggregation to false',
  });

/** A parsed job spec. */
export type FlJobSpec = z.infer<typeof flJobSpecSchema>;

/** The model the spec names, for `featureCount` features. */
export function modelOfSpec(spec: FlJobSpec, featureCount: number): ParametricModel {
  return spec.model.kind === 'logistic'
    ? new LogisticModel(featureCount)
    : new MlpModel(featureCount, spec.model.hidden);
}
