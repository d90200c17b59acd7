import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsortiumRole } from '../ledger/contracts/consortiumRoles.ts';
import { consortiumRegistryAbi } from '../ledger/contracts/generated/ConsortiumRegistry.ts';
import { type Consortium, type OrganisationSpec, startConsortium } from './startConsortium.ts';

const organisations: OrganisationSpec[] = [
  { slug: 'hospital-a', name: 'Hospital A', roles: ['HOSPITAL', 'AUDITOR'] },
  { slug: 'hospital-b', name: 'Hospital B', roles: ['HOSPITAL', 'RESEARCHER'] },
  { slug: 'clinic-c', name: 'Clinic C', roles: ['CLINIC'] },
];

describe('startConsortium: several organisations on one embedded chain', () => {
  const baseDir = mkdtempSync(join(tmpdir(), 'caduceus-consortium-'));
  const env = { CADUCEUS_ANCHOR_INTERVAL_MS: '100' };
  let consortium: Consortium;

  beforeAll(async () => {
    consortium = await startConsortium({ baseDir, organisations, env });
  }, 120_000);

  afterAll(async () => {
    await consortium?.stop();
    rmSync(baseDir, { recursive: true, force: true });
  });

  it('registers every organisation as a founder with its node key, roles and service URL', async () => {
    const [first] = consortium.members;
    if (!first) throw new Error('no members');
    for (const member of consortium.members) {
      expect(member.info.rpcUrl).toBe(first.info.rpcUrl);
      expect(member.info.contracts).toEqual(first.info.contracts);
      expect(member.info.embedded).toBe(member === first);
      const registry = {
        address: first.info.contracts.ConsortiumRegistry,
        abi: consortiumRegistryAbi,
      } as const;
      const { publicClient } = first.node.ledger;
      const account = await publicClient.readContract({
        ...registry,
        functionName: 'memberOf',
        args: [member.info.nodeAddress],
      });
      const record = await publicClient.readContract({
        ...registry,
        functionName: 'getMember',
        args: [account],
      });
      expect(record.name).toBe(member.spec.name);
      expect(record.node).toBe(member.info.nodeAddress);
      expect(`${record.serviceUrl}/fhir/R4`).toBe(member.info.fhirBaseUrl);
      const wanted = member.spec.roles.reduce((mask, role) => mask | ConsortiumRole[role], 0);
      expect(record.roles).toBe(wanted);
    }
  });

  it('gives each organisation its own vault and FHIR API', async () => {
    const ids: string[] = [];
    for (const member of consortium.members) {
      const token = member.node.issueToken({ practitioner: 'dr-test', scopes: 'user/*.cruds' }).token;
      const response = await fetch(`${member.info.fhirBaseUrl}/Organization`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/fhir+json',
          'x-purpose-of-use': 'HOPERAT',
        },
        body: JSON.stringify({ resourceType: 'Organization', name: member.spec.name }),
      });
      expect(response.status).toBe(201);
      ids.push(((await response.json()) as { id: string }).id);
      // A token of one node is not accepted by another: each node trusts its own key only.
      const other = consortium.members.find((m) => m !== member);
      const foreign = await fetch(`${other?.info.fhirBaseUrl}/Organization`, {
        headers: { authorization: `Bearer ${token}`, 'x-purpose-of-use': 'HOPERAT' },
      });
      expect(foreign.status).toBe(401);
    }
    expect(new Set(ids).size).toBe(3);
  });

  it('restarts on the same directory with the same chain, contracts and members', async () => {
    const before = consortium.members.map((m) => m.info);
    await consortium.stop();
    consortium = await startConsortium({ baseDir, organisations, env });
    const after = consortium.members.map((m) => m.info);
    expect(after.map((i) => i.nodeAddress)).toEqual(before.map((i) => i.nodeAddress));
    expect(after.map((i) => i.contracts)).toEqual(before.map((i) => i.contracts));
    expect(after.every((i) => i.deployed.length === 0)).toBe(true);
  }, 120_000);
});
