import { type Hex, keccak256, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { PIMA_FEATURES } from '../fl/features/FeatureDefinition.ts';
import { readPimaRows } from '../fl/features/pimaRows.ts';
import { tabularAsFhir } from '../fl/features/tabularAsFhir.ts';
import type { FlJobState } from '../fl/net/FlCoordinator.ts';
import { flJobSpecSchema } from '../fl/net/FlJobSpec.ts';
import type { Consortium } from '../node/startConsortium.ts';
import { type DemoState, readDemoState, writeDemoState } from './demoState.ts';
import { RESEARCH_TYPES, signDemoGrant } from './grantDemoConsents.ts';
import { memberAccounts } from './seedDemoConsortium.ts';

/** Research-cohort patients per organisation, and how many of them give research consent. */
const COHORT = 60;
const CONSENTING = 48;

/**
 * The demo's federated job, once per demo directory: each care organisation stores its share of the Pima
 * diabetes cohort as FHIR (Observations and Conditions of patients with their own keys), four in five of those
 * patients sign a research grant to it, then the research hospital coordinates a four-round logistic model with
 * secure aggregation across the three, recorded on the ModelRegistry. Returns the job (finished) and whether it
 * ran now.
 */
export async function seedDemoFederatedJob(
  consortium: Consortium,
  options: { baseDir: string; coordinator: string; onStep?: (step: string) => void },
): Promise<{ job: FlJobState | undefined; ranNow: boolean }> {
  const state = readDemoState(options.baseDir);
  const coordinator = consortium.member(options.coordinator);
  if (state?.federated)
    return { job: coordinator.node.vault.fl.coordinator.job(state.federated.jobId), ranNow: false };
  const rows = readPimaRows();
  const accounts = await memberAccounts(consortium);
  const [relay] = consortium.members;
  if (!relay) throw new Error('the demo consortium has no members');
  for (const [i, member] of consortium.members.entries()) {
    const mine = rows.filter((_, r) => r % consortium.members.length === i).slice(0, COHORT);
    const keys = mine.map((_, r) => keccak256(toHex(`caduceus-demo-cohort:${member.spec.slug}:${r}`)));
    const patients = keys.map((key, r) => ({
      address: privateKeyToAccount(key).address,
      label: `${member.spec.slug}-cohort-${r + 1}`,
    }));
    options.onStep?.(`${member.spec.name}: ${mine.length} research-cohort patients (Pima) as FHIR`);
    const token = member.node.issueToken({ practitioner: 'demo-loader', scopes: 'user/*.cruds' }).token;
    const response = await fetch(member.info.fhirBaseUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/fhir+json',
        accept: 'application/fhir+json',
        'x-purpose-of-use': 'TREAT',
      },
      body: JSON.stringify(tabularAsFhir(mine, PIMA_FEATURES, patients)),
    });
    if (!response.ok)
      throw new Error(`Loading the research cohort into ${member.spec.slug} failed: ${response.status}`);
    const grantee = accounts[member.spec.slug];
    if (!grantee) continue;
    for (const key of keys.slice(0, CONSENTING))
      await signDemoGrant(relay.node.vault.consent, key as Hex, grantee, 'HRESCH', RESEARCH_TYPES);
  }
  options.onStep?.(`${coordinator.spec.name} coordinates a federated job over the three organisations`);
  const fl = coordinator.node.vault.fl;
  const opened = await fl.startJob(
    flJobSpecSchema.parse({
      features: PIMA_FEATURES.id,
      model: { kind: 'logistic' },
      rounds: 4,
      minSites: 2,
      sites: consortium.members.map((m) => accounts[m.spec.slug]),
      local: { epochs: 3, batchSize: 16, learningRate: 0.05, optimizer: 'adam' },
    }),
  );
  const job = await fl.settled(opened.jobId);
  const latest = readDemoState(options.baseDir) as DemoState;
  writeDemoState(options.baseDir, {
    ...latest,
    federated: { jobId: opened.jobId, coordinator: options.coordinator },
  });
  return { job, ranNow: true };
}
