import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import type { CustodyEvent } from '../epcis/CustodyEvent.ts';
import type { AnomalyLabel } from './AnomalyLabel.ts';
import { plantAnomalies } from './plantAnomalies.ts';
import { buildSupplyNetwork, type NetworkSize, type SupplyNetwork } from './SupplyNetwork.ts';
import { type LotRecord, SupplySimulator } from './SupplySimulator.ts';
import { epochDay } from './simulationCalendar.ts';

/** What to simulate. Every field has a default; the same options always give the same output. */
export type SupplySimulationOptions = {
  seed?: number;
  months?: number;
  /** First simulated day, `YYYY-MM-DD`. */
  start?: string;
  /** Share of all events that are planted anomalies (default 0.0075), split evenly over the seven kinds. */
  anomalyRate?: number;
  size?: Partial<NetworkSize>;
};

/** A simulated network and its custody traffic. `labels` is ground truth: never show it to a model being scored. */
export type SupplySimulation = {
  options: Required<Omit<SupplySimulationOptions, 'size'>> & { size: NetworkSize };
  network: SupplyNetwork;
  /** Every lot commissioned, with its serials: the manufacturers' master data. */
  lots: readonly LotRecord[];
  /** All custody events, normal and planted, in time order. */
  events: readonly CustodyEvent[];
  labels: readonly AnomalyLabel[];
};

const DEFAULT_SIZE: NetworkSize = { manufacturers: 3, distributors: 5, dispensers: 30 };

/**
 * Simulates months of drug custody traffic in a network of manufacturers, distributors, pharmacies and hospitals, with
 * anomalies planted at a known rate and labelled apart. Seeded: the same options give byte-identical output.
 * @example
 * const { events, labels } = simulateSupplyChain({ seed: 7, months: 3 });
 */
export function simulateSupplyChain(options: SupplySimulationOptions = {}): SupplySimulation {
  const resolved = {
    seed: options.seed ?? 1,
    months: options.months ?? 12,
    start: options.start ?? '2025-01-01',
    anomalyRate: options.anomalyRate ?? 0.0075,
    size: { ...DEFAULT_SIZE, ...options.size },
  };
  if (!Number.isInteger(resolved.months) || resolved.months < 1)
    throw new RangeError('months must be a whole number ≥ 1');
  if (!(resolved.anomalyRate >= 0 && resolved.anomalyRate < 0.5))
    throw new RangeError('anomalyRate must be in [0, 0.5)');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(resolved.start) || Number.isNaN(epochDay(resolved.start)))
    throw new RangeError('start must be a date, YYYY-MM-DD');
  const network = buildSupplyNetwork(new SeededRandom(resolved.seed ^ 0x6e7), resolved.size);
  const simulator = new SupplySimulator(
    network,
    epochDay(resolved.start),
    resolved.months,
    resolved.seed,
    plantAnomalies(resolved.anomalyRate),
  );
  simulator.run();
  return {
    options: resolved,
    network,
    lots: simulator.lots,
    events: simulator.events,
    labels: simulator.labels,
  };
}
