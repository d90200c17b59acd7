import type { Address } from 'viem';
import { consortiumRegistryAbi } from '../ledger/contracts/generated/ConsortiumRegistry.ts';
import type { Consortium } from '../node/startConsortium.ts';
import type { DemoOrganisation } from './demoOrganisations.ts';
import { DemoIncompleteError, type DemoState, readDemoState, writeDemoState } from './demoState.ts';
import { type DemoGrant, grantDemoConsents } from './grantDemoConsents.ts';
import { type DemoProgress, type DemoTarget, loadDemoPlan } from './loadDemoPlan.ts';
import { type DemoSize, planDemo } from './planDemo.ts';

/** What seeding reports as it goes: loading progress, then each consent grant. */
export type DemoSeedEvents = {
  onProgress?: (progress: DemoProgress) => void;
  onGrant?: (grant: DemoGrant) => void;
};

/** Each organisation's member account on the registry (what organisation-wide grants name). */
export async function memberAccounts(consortium: Consortium): Promise<Record<string, Address>> {
  const accounts: Record<string, Address> = {};
  for (const member of consortium.members) {
    accounts[member.spec.slug] = await member.node.ledger.publicClient.readContract({
      address: member.info.contracts.ConsortiumRegistry,
      abi: consortiumRegistryAbi,
      functionName: 'memberOf',
      args: [member.info.nodeAddress],
    });
  }
  return accounts;
}

/**
 * Loads the demo data into a running demo consortium once: on a directory already loaded it returns the saved
 * state; otherwise it marks the load as started, writes every organisation's records through its FHIR API, has the
 * patients sign their consent grants, and marks the load done. A load cut short is refused next time (`--fresh`).
 */
export async function seedDemoConsortium(
  consortium: Consortium,
  organisations: readonly DemoOrganisation[],
  options: { baseDir: string; size: DemoSize } & DemoSeedEvents,
): Promise<{ state: DemoState; loadedNow: boolean }> {
  const existing = readDemoState(options.baseDir);
  if (existing?.loaded) return { state: existing, loadedNow: false };
  if (existing) {
    throw new DemoIncompleteError(`The demo data in ${options.baseDir} was only partly loaded`, {
      details: ['Start again with --fresh to delete it and load from scratch.'],
    });
  }
  const state: DemoState = { version: 1, seed: options.size.seed, loaded: false, patients: [], grants: [] };
  writeDemoState(options.baseDir, state);
  const plan = planDemo(organisations, options.size);
  const targets: DemoTarget[] = consortium.members.map((member) => ({
    slug: member.spec.slug,
    fhirBaseUrl: member.info.fhirBaseUrl,
    token: member.node.issueToken({ practitioner: 'demo-loader', scopes: 'user/*.cruds' }).token,
  }));
  const roster = await loadDemoPlan(plan, targets, options.onProgress);
  const [relay] = consortium.members;
  if (!relay) throw new Error('the demo consortium has no members');
  const grants = await grantDemoConsents({
    roster,
    consent: relay.node.vault.consent,
    grantees: await memberAccounts(consortium),
    researcher: organisations.find((o) => o.roles.includes('RESEARCHER'))?.slug,
    ...(options.onGrant ? { onGrant: options.onGrant } : {}),
  });
  const done: DemoState = {
    ...state,
    loaded: true,
    loadedAt: new Date().toISOString(),
    patients: roster,
    grants,
  };
  writeDemoState(options.baseDir, done);
  return { state: done, loadedNow: true };
}
