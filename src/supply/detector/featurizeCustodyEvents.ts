import type { FeatureMatrix } from '../../ai/data/FeatureMatrix.ts';
import type { CustodyEvent } from '../epcis/CustodyEvent.ts';
import type { InMemorySupplyContext } from './InMemorySupplyContext.ts';
import { SupplyFeatureState } from './SupplyFeatureState.ts';
import { SUPPLY_FEATURE_NAMES } from './supplyFeatureNames.ts';

/**
 * Features of a time-ordered event stream, one row per event, exactly as a node scoring them live would compute them:
 * each commission event first becomes an on-chain fact in `context`, then every event is featurised against the state
 * of all earlier ones. Used for training and evaluation (which read the labels separately, by event id).
 */
export function featurizeCustodyEvents(
  events: readonly CustodyEvent[],
  context: InMemorySupplyContext,
  state: SupplyFeatureState = new SupplyFeatureState(),
): FeatureMatrix {
  const rowCount = events.length;
  const featureCount = SUPPLY_FEATURE_NAMES.length;
  const values = new Float64Array(rowCount * featureCount);
  events.forEach((event, r) => {
    context.recordCommission(event);
    const row = state.next(event, context);
    for (let f = 0; f < featureCount; f++) values[f * rowCount + r] = row[f] as number;
  });
  return { rowCount, featureNames: SUPPLY_FEATURE_NAMES, values };
}
