import { createHash } from 'node:crypto';
import type { SupplySimulation } from './simulateSupplyChain.ts';

/** SHA-256 over the simulation's events and labels, in order: equal digests mean identical output. */
export function simulationDigest(simulation: SupplySimulation): string {
  const hash = createHash('sha256');
  for (const event of simulation.events) hash.update(JSON.stringify(event)).update('\n');
  for (const label of simulation.labels) hash.update(JSON.stringify(label)).update('\n');
  return hash.digest('hex');
}
