import type { ConsortiumRoleName } from '../ledger/contracts/consortiumRoles.ts';
import type { Consortium, ConsortiumMember } from '../node/startConsortium.ts';
import {
  createSupplyApiClient,
  type SupplyAnswer,
  type SupplyApiClient,
} from '../supply/api/createSupplyApiClient.ts';
import type { SupplyPartnerKind } from '../supply/detector/SupplyRiskScorer.ts';
import { DemoIncompleteError, readDemoState, writeDemoState } from './demoState.ts';
import {
  type DemoPackage,
  type DemoSupplyParty,
  type DemoSupplySize,
  defaultDemoSupplySize,
  planDemoSupplyChain,
} from './planDemoSupplyChain.ts';
import { memberAccounts } from './seedDemoConsortium.ts';

/** What the real detector said about one planted anomaly, as the supplier's node answered its capture. */
export type DemoSupplyVerdict = {
  anomaly: string;
  gtin: string;
  lot: string;
  eventId: string;
  score: number;
  /** The audit case the contract opened (the lot is held); absent when the score was under the threshold. */
  caseId?: string;
};

/** The demo's supply chain in `demo.json`: the plan's anchor (so a resumed load replays the same events), then what it did. */
export type DemoSupplyState = {
  /** The instant the plan is drawn relative to (ISO 8601). */
  anchor: string;
  loaded: boolean;
  supplier?: string;
  dispenser?: string;
  counterfeit?: DemoPackage;
  verdicts?: DemoSupplyVerdict[];
};

/** A demo supply capture was refused: the plan and the nodes disagree. */
export class DemoSupplyRefusedError extends DemoIncompleteError {
  override name = 'DemoSupplyRefusedError';
}

const withRole = (consortium: Consortium, role: ConsortiumRoleName, not?: ConsortiumRoleName) => {
  const found = consortium.members.find(
    (m) => m.spec.roles.includes(role) && (not === undefined || !m.spec.roles.includes(not)),
  );
  if (!found) throw new DemoSupplyRefusedError(`The demo consortium has no ${role} member`);
  return found;
};

function expectOk(answer: SupplyAnswer, what: string): SupplyAnswer {
  if (answer.status === 200 || answer.status === 201) return answer;
  const why = answer.body.issue?.map((issue) => issue.diagnostics).join('; ') ?? '';
  throw new DemoSupplyRefusedError(`Demo supply chain: ${what} answered ${answer.status}`, {
    details: [why],
  });
}

/**
 * Runs the demo's supply chain once per demo directory, through each member's `/supply/v1` API as partners' systems
 * would: the GLN table on every node, the supplier's products, weeks of commissioning, deliveries to the hospital
 * pharmacy, receipts and dispensing, then the planted anomalies, which the supplier's node scores with the shipped
 * detector (it is the AI_ORACLE). The plan's anchor is saved before anything is posted, so a load cut short replays
 * the same event ids and the nodes answer what they already wrote from their records. Needs `demo.json` (patients
 * first); returns the saved supply state and whether it ran now.
 */
export async function seedDemoSupplyChain(
  consortium: Consortium,
  options: { baseDir: string; now?: Date; size?: DemoSupplySize; onStep?: (step: string) => void },
): Promise<{ supply: DemoSupplyState; seededNow: boolean }> {
  const state = readDemoState(options.baseDir);
  if (!state) throw new DemoIncompleteError('Load the demo patients before its supply chain');
  if (state.supply?.loaded) return { supply: state.supply, seededNow: false };
  const anchor = state.supply?.anchor ?? (options.now ?? new Date()).toISOString();
  writeDemoState(options.baseDir, { ...state, supply: { anchor, loaded: false } });

  const plan = planDemoSupplyChain(new Date(anchor), options.size ?? defaultDemoSupplySize);
  const supplier = withRole(consortium, 'MANUFACTURER');
  const dispenser = withRole(consortium, 'PHARMACY');
  const other = withRole(consortium, 'HOSPITAL', 'PHARMACY');
  const client = (member: ConsortiumMember): SupplyApiClient =>
    createSupplyApiClient({
      origin: new URL(member.info.fhirBaseUrl).origin,
      token: member.node.issueToken({ client: 'demo-supply-loader', scopes: 'system/*.cruds' }).token,
    });
  const clients: Record<DemoSupplyParty, SupplyApiClient> = {
    supplier: client(supplier),
    dispenser: client(dispenser),
  };

  options.onStep?.('trading partners (GLNs) on every node');
  const accounts = await memberAccounts(consortium);
  const partners: [string, ConsortiumMember, SupplyPartnerKind][] = [
    [plan.sites.plant, supplier, 'manufacturer'],
    [plan.sites.distributionCentre, supplier, 'distributor'],
    [plan.sites.hospitalPharmacy, dispenser, 'hospital'],
    [plan.sites.otherHospital, other, 'hospital'],
  ];
  for (const member of consortium.members) {
    const { call } = client(member);
    for (const [gln, owner, kind] of partners)
      expectOk(
        await call(`/partners/${gln}`, {
          method: 'PUT',
          body: { member: accounts[owner.spec.slug], kind, region: plan.region },
        }),
        `PUT /partners/${gln} at ${member.spec.slug}`,
      );
  }
  options.onStep?.(`${supplier.spec.name}: ${plan.products.length} products`);
  for (const product of plan.products) {
    const answer = await clients.supplier.call('/products', { body: product });
    // Registered by a load that was cut short: the contract refuses the GTIN a second time.
    const taken = answer.status === 409 && JSON.stringify(answer.body).includes('SupplyGtinTaken');
    if (!taken) expectOk(answer, `POST /products ${product.gtin}`);
  }
  const events = plan.history.reduce((n, capture) => n + capture.events.length, 0);
  options.onStep?.(
    `${events} custody events over ${plan.history.length} captures (commission, ship, receive, dispense)`,
  );
  for (const capture of plan.history)
    expectOk(await clients[capture.party].post(capture.events), `a ${capture.party} capture`);

  const verdicts: DemoSupplyVerdict[] = [];
  for (const capture of plan.anomalies) {
    const answer = expectOk(await clients[capture.party].post(capture.events), `${capture.anomaly}`);
    const [written] = answer.body.events as { eventId: string; risk?: { score: number; caseId?: string } }[];
    const [event] = capture.events;
    if (!written || !event) continue;
    verdicts.push({
      anomaly: capture.anomaly ?? '',
      gtin: event.gtin,
      lot: event.lot ?? '',
      eventId: written.eventId,
      score: written.risk?.score ?? 0,
      ...(written.risk?.caseId === undefined ? {} : { caseId: written.risk.caseId }),
    });
  }
  const supply: DemoSupplyState = {
    anchor,
    loaded: true,
    supplier: supplier.spec.slug,
    dispenser: dispenser.spec.slug,
    counterfeit: plan.counterfeit,
    verdicts,
  };
  const latest = readDemoState(options.baseDir) ?? state;
  writeDemoState(options.baseDir, { ...latest, supply });
  return { supply, seededNow: true };
}
