import { type Address, bytesToHex, type Hex, isAddressEqual, keccak256, type PublicClient } from 'viem';
import { consortiumRegistryAbi } from '../../ledger/contracts/generated/ConsortiumRegistry.ts';
import { canonicalJson } from '../../records/canonicalJson.ts';
import { flAttestationSigner } from './flAttestation.ts';
import { hashModelParameters } from './hashModelParameters.ts';
import type { FlJobHistory } from './ModelProvenance.ts';
import { readJobHistory } from './readJobHistory.ts';

/** A model file as a federated job leaves it: its parameters and its model card. */
export type FederatedModelFile = { jobId: Hex; parameters: number[]; card: Record<string, unknown> };

/** One check of `verifyFederatedModel`, passed or failed, in words. */
export type ModelCheck = { check: string; ok: boolean; detail: string };

/**
 * Checks a model file against the chain: the parameters hash to the model the job registered, the card hashes to
 * the registered card, every round up to the job's number is recorded in order ending in that model, and every
 * attestation recovers to the site's node key as the consortium registry holds it (so a site's settings are its
 * own word). Read-only: views and signature recovery.
 */
export async function verifyFederatedModel(
  client: PublicClient,
  contracts: { ModelRegistry: Address; ConsortiumRegistry: Address },
  file: FederatedModelFile,
): Promise<{ history: FlJobHistory; checks: ModelCheck[] }> {
  const history = await readJobHistory(client, contracts.ModelRegistry, file.jobId);
  const checks: ModelCheck[] = [];
  const modelHash = hashModelParameters(Float64Array.from(file.parameters));
  checks.push({
    check: 'model hash',
    ok: history.model?.modelHash === modelHash,
    detail: history.model
      ? `file ${modelHash}, chain ${history.model.modelHash}`
      : 'no model registered for the job',
  });
  const cardHash = keccak256(bytesToHex(canonicalJson(file.card)));
  checks.push({
    check: 'model card hash',
    ok: history.model?.cardHash === cardHash,
    detail: `file ${cardHash}`,
  });
  const numbers = history.rounds.map((r) => r.round);
  checks.push({
    check: 'rounds recorded in order',
    ok:
      numbers.length === history.job.rounds &&
      numbers.every((n, i) => n === i + 1) &&
      history.rounds.at(-1)?.modelHash === history.model?.modelHash,
    detail: `${numbers.length} of ${history.job.rounds}`,
  });
  const chainId = await client.getChainId();
  const domain = { chainId, verifyingContract: contracts.ModelRegistry };
  let attested = 0;
  const bad: string[] = [];
  for (const [i, round] of history.rounds.entries()) {
    const start = i === 0 ? history.job.initialModelHash : (history.rounds[i - 1]?.modelHash as Hex);
    for (const c of round.contributions) {
      const signer = await flAttestationSigner(
        domain,
        {
          jobId: file.jobId,
          round: round.round,
          startModelHash: start,
          updateHash: c.updateHash,
          secureAggregation: history.job.secureAggregation,
          noiseMultiplier: history.job.dp?.noiseMultiplier ?? 0,
          clipNorm: history.job.dp?.clipNorm ?? 0,
        },
        c.attestation,
      ).catch(() => undefined);
      const member = await client.readContract({
        address: contracts.ConsortiumRegistry,
        abi: consortiumRegistryAbi,
        functionName: 'getMember',
        args: [c.site],
      });
      if (signer && isAddressEqual(signer, member.node)) attested++;
      else bad.push(`round ${round.round} ${c.site}`);
    }
  }
  checks.push({
    check: 'site attestations',
    ok: bad.length === 0 && attested > 0,
    detail:
      bad.length === 0
        ? `${attested} signed by the sites' node keys`
        : `not by the site's node: ${bad.join(', ')}`,
  });
  return { history, checks };
}
