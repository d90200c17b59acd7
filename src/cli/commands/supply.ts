import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { writeFileAtomic } from '../../fs/writeFileAtomic.ts';
import { ANOMALY_KINDS } from '../../supply/sim/AnomalyLabel.ts';
import { simulateSupplyChain } from '../../supply/sim/simulateSupplyChain.ts';
import { simulationDigest } from '../../supply/sim/simulationDigest.ts';
import { simulationDocuments } from '../../supply/sim/simulationDocuments.ts';
import { parseInteger } from '../options.ts';

type SimulateCliOptions = { months: number; seed: number; out: string; anomalyRate: number; start: string };

const parseRate = (value: string): number => {
  const rate = Number(value);
  if (!(rate >= 0 && rate < 0.5))
    throw new InvalidArgumentError('must be a fraction from 0 to 0.5 (e.g. 0.0075)');
  return rate;
};

const parseDate = (value: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError('must be a date, YYYY-MM-DD');
  return value;
};

/**
 * `caduceus supply simulate`: runs the seeded supply-chain simulator and writes one EPCIS 2.0 JSON-LD capture document
 * per month, the planted anomalies' labels apart from them, and the network (parties, products, lots without serials).
 */
export function registerSupplyCommand(program: Command): void {
  const supply = program.command('supply').description('drug supply chain: custody events in GS1 EPCIS 2.0');
  supply
    .command('simulate')
    .description(
      'simulate months of custody traffic with labelled anomalies; write EPCIS documents and labels',
    )
    .option('--months <n>', 'months to simulate', parseInteger(1, 120), 12)
    .option('--seed <n>', 'random seed (same seed, same output)', parseInteger(0, 2 ** 32 - 1), 1)
    .option('--start <date>', 'first simulated day', parseDate, '2025-01-01')
    .option('--anomaly-rate <fraction>', 'share of events that are planted anomalies', parseRate, 0.0075)
    .option('--out <dir>', 'output directory', 'supply-sim')
    .action((options: SimulateCliOptions) => {
      const started = performance.now();
      const simulation = simulateSupplyChain({
        seed: options.seed,
        months: options.months,
        start: options.start,
        anomalyRate: options.anomalyRate,
      });
      const out = resolve(options.out);
      const documents = simulationDocuments(simulation);
      for (const { month, document } of documents)
        writeFileAtomic(join(out, `epcis-${month}.json`), JSON.stringify(document));
      writeFileAtomic(
        join(out, 'labels.json'),
        `${JSON.stringify({ options: simulation.options, labels: simulation.labels }, null, 1)}\n`,
      );
      const lots = simulation.lots.map(({ serials, ...lot }) => ({ ...lot, quantity: serials.length }));
      writeFileAtomic(
        join(out, 'network.json'),
        `${JSON.stringify({ ...simulation.network, lots }, null, 1)}\n`,
      );

      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `Simulated ${options.months} month(s) from ${options.start}, seed ${options.seed}, in ${seconds} s`,
      );
      console.log(
        `  parties   ${simulation.network.parties.length}, products ${simulation.network.products.length}, lots ${simulation.lots.length}`,
      );
      console.log(`  events    ${simulation.events.length} in ${documents.length} EPCIS documents`);
      console.log(
        `  anomalies ${simulation.labels.length} labelled events (${((100 * simulation.labels.length) / Math.max(1, simulation.events.length)).toFixed(2)} %)`,
      );
      for (const kind of ANOMALY_KINDS)
        console.log(
          `    ${kind.padEnd(24)} ${simulation.labels.filter((label) => label.kind === kind).length}`,
        );
      console.log(`  digest    ${simulationDigest(simulation)}`);
      console.log(`Wrote ${out}/epcis-YYYY-MM.json, labels.json (keep apart from any model), network.json`);
    });
}
