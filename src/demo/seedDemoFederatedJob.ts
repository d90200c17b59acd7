import { PIMA_FEATURES } from '../fl/features/FeatureDefinition.ts';
import { loadResearchCohort } from '../fl/features/loadResearchCohort.ts';
import { readPimaRows } from '../fl/features/pimaRows.ts';
import type { FlJobState } from '../fl/net/FlCoordinator.ts';
import { flJobSpecSchema } from '../fl/net/FlJobSpec.ts';
import type { Consortium } from '../node/startConsortium.ts';
import { type DemoState, readDemoState, writeDemoState } from './demoState.ts';
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
  options: {
    baseDir: string;
    coordinator: string;
    /** Slugs of the organisations that hold cohort data and train (default: every member). */
    sites?: readonly string[];
    onStep?: (step: string) => void;
  },
): Promise<{ job: FlJobState | undefined; ranNow: boolean }> {
  const state = readDemoState(options.baseDir);
  const coordinator = consortium.member(options.coordinator);
  if (state?.federated)
    return { job: coordinator.node.vault.fl.coordinator.job(state.federated.jobId), ranNow: false };
  const rows = readPimaRows();
  const accounts = await memberAccounts(consortium);
  const [relay] = consortium.members;
  if (!relay) throw new Error('the demo consortium has no members');
  const sites = consortium.members.filter((m) => options.sites?.includes(m.spec.slug) ?? true);
  for (const [i, member] of sites.entries()) {
    const grantee = accounts[member.spec.slug];
    if (!grantee) continue;
    const mine = rows.filter((_, r) => r % sites.length === i).slice(0, COHORT);
    options.onStep?.(`${member.spec.name}: ${mine.length} research-cohort patients (Pima) as FHIR`);
    await loadResearchCohort(member, mine, {
      definition: PIMA_FEATURES,
      keySeed: `caduceus-demo-cohort:${member.spec.slug}`,
      consenting: CONSENTING,
      grantee,
      consent: relay.node.vault.consent,
    });
  }
  options.onStep?.(`${coordinator.spec.name} coordinates a federated job over the three organisations`);
  const fl = coordinator.node.vault.fl;
  const opened = await fl.startJob(
    flJobSpecSchema.parse({
      features: PIMA_FEATURES.id,
      model: { kind: 'logistic' },
      rounds: 4,
      minSites: 2,
      sites: sites.map((m) => accounts[m.spec.slug]),
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
