import type { FeatureMatrix } from '../../ai/data/FeatureMatrix.ts';
import type { AnomalyKind } from '../sim/AnomalyLabel.ts';
import type { SupplySimulation } from '../sim/simulateSupplyChain.ts';
import { featurizeCustodyEvents } from './featurizeCustodyEvents.ts';
import { InMemorySupplyContext } from './InMemorySupplyContext.ts';

/**
 * A simulation's events as feature rows with their ground truth beside them: the features are computed first, from
 * the events alone in time order; labels are joined afterwards by event id, for training and evaluation only.
 */
export type LabelledSupplyTraffic = {
  matrix: FeatureMatrix;
  /** The planted kind of each row, `undefined` for normal traffic. */
  kinds: readonly (AnomalyKind | undefined)[];
  /** Calendar months since the simulation's first month (0-based) of each row's UTC time. */
  month: Int32Array;
};

/** Featurises a whole simulation (every event, warm-up months included, so later months see their history). */
export function labelledSupplyTraffic(simulation: SupplySimulation): LabelledSupplyTraffic {
  const matrix = featurizeCustodyEvents(
    simulation.events,
    InMemorySupplyContext.ofNetwork(simulation.network),
  );
  const kindOf = new Map(simulation.labels.map((label) => [label.eventId, label.kind]));
  const [startYear, startMonth] = simulation.options.start.split('-').map(Number) as [number, number];
  const month = Int32Array.from(simulation.events, (event) => {
    const year = Number(event.time.slice(0, 4));
    return (year - startYear) * 12 + Number(event.time.slice(5, 7)) - startMonth;
  });
  return { matrix, kinds: simulation.events.map((event) => kindOf.get(event.id)), month };
}

/** Indices of the rows whose month is in `[from, to)`. */
export function rowsInMonths(traffic: LabelledSupplyTraffic, from: number, to: number): Uint32Array {
  const rows: number[] = [];
  traffic.month.forEach((m, r) => {
    if (m >= from && m < to) rows.push(r);
  });
  return Uint32Array.from(rows);
}
