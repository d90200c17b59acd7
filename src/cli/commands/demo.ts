import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { demoOrganisations, demoSupplyOrganisations } from '../../demo/demoOrganisations.ts';
import { DEMO_STATE_FILE, type DemoState } from '../../demo/demoState.ts';
import type { DemoProgress } from '../../demo/loadDemoPlan.ts';
import { defaultDemoSize } from '../../demo/planDemo.ts';
import { runDemoWard } from '../../demo/runDemoWard.ts';
import { seedDemoConsortium } from '../../demo/seedDemoConsortium.ts';
import { seedDemoFederatedJob } from '../../demo/seedDemoFederatedJob.ts';
import { type DemoSupplyState, seedDemoSupplyChain } from '../../demo/seedDemoSupplyChain.ts';
import { BaseError } from '../../errors.ts';
import { FEDERATION_BASE_PATH } from '../../federation/recordsRequest.ts';
import { FL_BASE_PATH } from '../../fl/net/createFlApp.ts';
import type { FlJobState } from '../../fl/net/FlCoordinator.ts';
import { createLogger } from '../../logger.ts';
import { type Consortium, type ConsortiumMember, startConsortium } from '../../node/startConsortium.ts';
import { untilSignal } from '../untilSignal.ts';
import { parsePort } from './chain.ts';

type DemoCliOptions = {
  data: string;
  fresh?: boolean;
  patients?: number;
  synthea?: number;
  years?: number;
  seed?: number;
  port?: number;
  apiPort?: number;
};

/** `--fresh` was given for a directory that is not a demo's: nothing is deleted. */
export class NotADemoDirectoryError extends BaseError {
  override name = 'NotADemoDirectoryError';
}

const TOKEN_TTL_SECONDS = 12 * 3600;

const count =
  (max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > max) throw new InvalidArgumentError(`must be 0..${max}`);
    return n;
  };

/** Deletes a previous demo directory, refusing anything that does not look like one. */
function removeDemoDirectory(dir: string): void {
  if (!existsSync(dir)) return;
  const known = new Set([
    DEMO_STATE_FILE,
    ...[...demoOrganisations, ...demoSupplyOrganisations].map((o) => o.slug),
  ]);
  const foreign = readdirSync(dir).filter((name) => !known.has(name));
  if (foreign.length > 0) {
    throw new NotADemoDirectoryError(`Refusing to delete ${dir}: it is not a demo data directory`, {
      details: [`It holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}.`],
    });
  }
  rmSync(dir, { recursive: true, force: true });
}

/** One progress line: rewritten in place on a terminal, every tenth otherwise (logs and tests). */
function progressPrinter(): (progress: DemoProgress) => void {
  let lastTenth = -1;
  return ({ loaded, total }) => {
    const percent = Math.floor((100 * loaded) / Math.max(total, 1));
    const line = `Loading demo data: ${loaded.toLocaleString('en')} / ${total.toLocaleString('en')} resources (${percent} %)`;
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${line}${loaded >= total ? '\n' : ''}`);
    } else if (Math.floor(percent / 10) > lastTenth) {
      lastTenth = Math.floor(percent / 10);
      console.log(line);
    }
  };
}

const envName = (slug: string) => slug.toUpperCase().replaceAll('-', '_');
const originOf = (member: ConsortiumMember) => member.info.fhirBaseUrl.replace(/\/fhir\/R4$/, '');

/** Prints each organisation with a ready-to-use token, and curl commands that show consent at work. */
function printGuide(consortium: Consortium, state: DemoState, dataDir: string): void {
  console.log("\nOrganisations (tokens are for each one's first clinician, valid 12 hours):");
  for (const member of consortium.members) {
    const { slug, name, roles } = member.spec;
    const token = member.node.issueToken({
      practitioner: `${slug}-dr-1`,
      // At the auditing organisation the token also names AuditEvent, so the dashboard's access log opens for it.
      scopes: roles.includes('AUDITOR') ? 'user/*.cruds user/AuditEvent.rs' : 'user/*.cruds',
      ttlSeconds: TOKEN_TTL_SECONDS,
    }).token;
    console.log(`  ${name} (${slug}; ${roles.join(', ')})`);
    console.log(`    FHIR R4: ${member.info.fhirBaseUrl}`);
    console.log(`    export ${envName(slug)}=${member.info.fhirBaseUrl} ${envName(slug)}_TOKEN=${token}`);
  }
  const shared = state.patients.find((p) => Object.keys(p.records).length > 1);
  const [first] = consortium.members;
  const clinic = consortium.members.find((m) => m.spec.slug === 'clinic-c') ?? first;
  console.log(`\n${state.patients.length} patients, ${state.grants.length} consent grants signed by them.`);
  console.log('Try (after the export lines above):');
  const headers = (slug: string) =>
    `-H "Authorization: Bearer $${envName(slug)}_TOKEN" -H "X-Purpose-Of-Use: TREAT"`;
  if (shared && first && clinic) {
    const [home = '', other = ''] = Object.keys(shared.records);
    console.log(
      `  # patient ${shared.label} is seen at ${home} and ${other}; they granted both treatment access`,
    );
    console.log(
      `  curl -s "$${envName(home)}/Observation?patient=${shared.records[home]}&category=vital-signs&_count=5" ${headers(home)}`,
    );
    console.log(
      `  curl -s "$${envName(other)}/Condition?patient=${shared.records[other]}" ${headers(other)}`,
    );
    const fetcher = consortium.members.find((m) => m.spec.slug === other) ?? clinic;
    console.log(`  # ${other} fetches ${home}'s records of that patient, verified against the chain`);
    console.log(
      `  curl -s -X POST ${originOf(fetcher)}${FEDERATION_BASE_PATH}/fetch ${headers(other)} -H "Content-Type: application/json" ` +
        `-d '{"patient":"${shared.address}","types":["Condition","Observation"]}'`,
    );
    console.log(`  # the same read for research is refused (403: no research grant to ${home}), and audited`);
    console.log(
      `  curl -s "$${envName(home)}/${shared.records[home]}" -H "Authorization: Bearer $${envName(home)}_TOKEN" -H "X-Purpose-Of-Use: HRESCH"`,
    );
  }
  if (first && shared) {
    const [home = ''] = Object.keys(shared.records);
    const member = consortium.members.find((m) => m.spec.slug === home) ?? first;
    console.log(`\nDashboard: ${originOf(member)}/ (each organisation serves it at its own address)`);
    console.log(
      `  patient sign-in at ${originOf(member)}/: record id ${shared.records[home]?.replace('Patient/', '')}, ` +
        `key ${shared.privateKey} (a generated demo patient; their app keeps the key encrypted in the browser)`,
    );
    console.log('  staff sign-in: paste a token from the export lines above');
  }
  console.log(`  # every stored version against its hash and the chain (with the demo stopped)`);
  console.log(`  npx caduceus verify --data ${join(dataDir, first?.spec.slug ?? '')}`);
}

/** The demo's federated job: its rounds as recorded on chain, and how to look at it and verify the model. */
function printFederatedJob(job: FlJobState, coordinator: ConsortiumMember): void {
  const last = job.rounds.at(-1);
  const auc = last?.metrics.auc === undefined ? '' : `, held-out AUC ${last.metrics.auc.toFixed(3)}`;
  console.log(
    `\nFederated learning: job ${job.jobId} ${job.status} (${job.round} rounds on the ModelRegistry${auc})`,
  );
  console.log(
    `  curl -s ${originOf(coordinator)}${FL_BASE_PATH}/jobs/${job.jobId} -H "Authorization: Bearer $${envName(coordinator.spec.slug)}_TOKEN"`,
  );
  if (job.model)
    console.log(
      `  npx caduceus model verify ${job.model.file} --data ${coordinator.config.dataDir} --rpc-url ${coordinator.info.rpcUrl}`,
    );
}

/** The demo's supply chain: what the detector held, the counterfeit pack to scan, and the holds to look at. */
function printSupplyChain(consortium: Consortium, supply: DemoSupplyState): void {
  const supplier = consortium.members.find((m) => m.spec.slug === supply.supplier);
  const pharmacy = consortium.members.find((m) => m.spec.slug === supply.dispenser);
  const pack = supply.counterfeit;
  if (!supplier || !pharmacy || !pack) return;
  const auth = (member: ConsortiumMember) => `-H "Authorization: Bearer $${envName(member.spec.slug)}_TOKEN"`;
  console.log(
    `\nSupply chain: ${supplier.spec.name} delivers weekly to ${pharmacy.spec.name}'s pharmacy; ` +
      `its node runs the supply detector (AI_ORACLE) on every event it writes`,
  );
  const day = new Date(Date.parse(supply.anchor) - 86_400_000).toISOString().slice(0, 10);
  for (const verdict of supply.verdicts ?? [])
    console.log(
      `  ${day}: ${verdict.anomaly}: score ${verdict.score.toFixed(2)}` +
        (verdict.caseId
          ? ` -> lot ${verdict.lot} held, audit case ${verdict.caseId} opened`
          : ' (under the hold threshold)'),
    );
  console.log(
    `  counterfeit pack to scan: GTIN ${pack.gtin}, serial ${pack.serial}, lot ${pack.lot}, expiry ${pack.expiry}`,
  );
  console.log(
    `  curl -s "${originOf(pharmacy)}/supply/v1/verify?gtin=${pack.gtin}&serial=${pack.serial}&lot=${pack.lot}&expiry=${pack.expiry}" ${auth(pharmacy)}`,
  );
  console.log(`  curl -s ${originOf(pharmacy)}/supply/v1/holds ${auth(pharmacy)}`);
  const held = supply.verdicts?.find((v) => v.caseId);
  if (held)
    console.log(
      `  # the case with the detector's score and top features (explained where it was scored)\n` +
        `  curl -s ${originOf(supplier)}/supply/v1/cases/${held.caseId} ${auth(supplier)}`,
    );
}

/** The ward replay: the beds, what the hospital's vitals monitor raised, and where to see it. */
function printWard(member: ConsortiumMember, ward: Awaited<ReturnType<typeof runDemoWard>>): void {
  console.log(
    `\nWard at ${member.spec.name}: the last four hours of bedside charting replayed (${ward.beds
      .map((b) => `${b.label} ${b.scenario}${b.ecg ? ' + cardiac-monitor ECG' : ''}`)
      .join(', ')}); the node's monitor raised:`,
  );
  for (const alert of ward.alerts)
    console.log(
      `  ${alert.patient}: ${alert.kind === 'ventricular-run' ? `run of ${alert.ventricularRun?.longestBeats} ventricular beats` : `NEWS2 ${alert.news2Score}`} (${alert.level})`,
    );
  console.log(
    `  dashboard: Clinical AI page (acknowledge as a nurse); curl -s "${originOf(member)}/alerts/v1?open=true" -H "Authorization: Bearer $${envName(member.spec.slug)}_TOKEN"`,
  );
}

/**
 * `caduceus demo` (what `npm start` runs): a chain and four organisations on loopback — two hospitals, a clinic
 * and a drug supplier, all founders of the consortium — loaded on first start with realistic FHIR data through their
 * APIs, the patients' consent grants signed with their own keys, a federated job and weeks of supply chain with
 * holds, then tokens and curl commands to try it. Runs until Ctrl-C.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'start a demo consortium (two hospitals, a clinic and a drug supplier) with realistic FHIR data, consent and a supply chain',
    )
    .option('--data <dir>', 'demo data directory (one folder per organisation)', '.caduceus/demo')
    .option('--fresh', 'delete the demo data directory first and load everything again')
    .option('--patients <n>', `generated patients (default ${defaultDemoSize.patients})`, count(10_000))
    .option(
      '--synthea <n>',
      `Synthea patients from data/fhir/synthea (default ${defaultDemoSize.synthea})`,
      count(100),
    )
    .option('--years <n>', `years of history per patient (default ${defaultDemoSize.years})`, count(30))
    .option('--seed <n>', 'seed of the generated data', count(2 ** 31))
    .option(
      '--port <port>',
      'JSON-RPC port of the embedded chain (default 8545; 0 picks a free one)',
      parsePort,
    )
    .option(
      '--api-port <port>',
      'FHIR port of the first organisation, the others follow (default 8080; 0: free ports)',
      parsePort,
    )
    .action(async (options: DemoCliOptions) => {
      const dataDir = resolve(options.data);
      if (options.fresh) removeDemoDirectory(dataDir);
      const logger = createLogger({ level: 'warn' }).child({ component: 'demo' });
      const apiPort = options.apiPort ?? 8080;
      const organisations = demoOrganisations.map((o, i) => ({
        ...o,
        apiPort: apiPort === 0 ? 0 : apiPort + i,
      }));
      const supplyOrganisations = demoSupplyOrganisations.map((o, i) => ({
        ...o,
        apiPort: apiPort === 0 ? 0 : apiPort + organisations.length + i,
      }));
      console.log(`Caduceus demo consortium (data in ${dataDir})`);
      const consortium = await startConsortium({
        baseDir: dataDir,
        organisations: [...organisations, ...supplyOrganisations],
        chainPort: options.port ?? 8545,
        env: { CADUCEUS_ANCHOR_INTERVAL_MS: '250' },
        logger,
      });
      try {
        const size = {
          ...defaultDemoSize,
          ...(options.patients === undefined ? {} : { patients: options.patients }),
          ...(options.synthea === undefined ? {} : { synthea: options.synthea }),
          ...(options.years === undefined ? {} : { years: options.years }),
          ...(options.seed === undefined ? {} : { seed: options.seed }),
        };
        let grants = 0;
        const { state, loadedNow } = await seedDemoConsortium(consortium, organisations, {
          baseDir: dataDir,
          size,
          onProgress: progressPrinter(),
          onGrant: () => {
            grants++;
            if (grants % 25 === 0) console.log(`Consent: ${grants} grants signed and recorded on chain`);
          },
        });
        if (!loadedNow) console.log('Demo data already loaded (start with --fresh to load it again).');
        const researcher = organisations.find((o) => o.roles.includes('RESEARCHER'))?.slug;
        const federated = researcher
          ? await seedDemoFederatedJob(consortium, {
              baseDir: dataDir,
              coordinator: researcher,
              sites: organisations.map((o) => o.slug),
              onStep: (step) => console.log(`Federated learning: ${step}`),
            })
          : undefined;
        const { supply } = await seedDemoSupplyChain(consortium, {
          baseDir: dataDir,
          onStep: (step) => console.log(`Supply chain: ${step}`),
        });
        const ward = organisations[0]
          ? await runDemoWard(consortium, state, { hospital: organisations[0].slug })
          : undefined;
        printGuide(consortium, state, dataDir);
        if (federated?.job) printFederatedJob(federated.job, consortium.member(researcher ?? ''));
        printSupplyChain(consortium, supply);
        if (ward && organisations[0]) printWard(consortium.member(organisations[0].slug), ward);
        const [founder] = consortium.members;
        if (founder)
          console.log(`\nLedger: embedded chain ${founder.info.rpcUrl} (chain id ${founder.info.chainId})`);
        const signalled = untilSignal();
        console.log('Ready. Press Ctrl-C to stop.');
        await signalled;
        console.log('Stopping…');
      } finally {
        await consortium.stop();
      }
    });
}
