import { keccak256, stringToHex } from 'viem';
import { deploySupplyChain, zeroHash } from '../contracts/testing/deploySupplyChain.ts';
import { connectTestLedger } from '../src/ledger/testing/connectTestLedger.ts';
import { buildSerialTree } from '../src/supply/buildSerialTree.ts';
import type { BenchRow } from './table.ts';

/**
 * Gas of each `SupplyChain` custody step on a lot of `serials` packs (deterministic, so one run is the figure), and the
 * time to build the lot's serial tree off chain. Gas is what a Besu network would charge the sending node.
 */
export async function benchSupplyChain(serials: number): Promise<BenchRow[]> {
  const ledger = await connectTestLedger({ accounts: 10, embedded: { sealing: { mode: 'instant' } } });
  try {
    const f = await deploySupplyChain(ledger);
    const { manufacturer, distributor, pharmacy, oracle, auditor } = f.parties;
    const gasOf = async (hash: Promise<`0x${string}`>) => (await f.send(hash)).receipt.gasUsed;

    const started = performance.now();
    const tree = buildSerialTree(
      Array.from({ length: serials }, (_, i) => `SN${i.toString().padStart(9, '0')}`),
    );
    const treeMs = performance.now() - started;

    const gtin = await f.registerProduct();
    const expiresAt = (await f.now()) + 365n * 86_400n;
    const commission = await gasOf(
      f.as(manufacturer).write.commission([gtin, 'LOT-BENCH', expiresAt, serials, tree.root]),
    );
    const lotId = await f.read.lotIdOf([gtin, 'LOT-BENCH']);
    const lot = { lotId, gtin, lotNumber: 'LOT-BENCH', expiresAt, serials: [], tree };
    const toDistributor = await f.ship(lot, manufacturer, distributor, 1_000);
    await f.send(f.as(distributor).write.receiveShipment([toDistributor, 1_000, zeroHash]));
    const shipGas = await gasOf(
      f.as(distributor).write.ship([lotId, pharmacy.account.address, 100, zeroHash]),
    );
    const shipmentId = await f.read.shipmentCount();
    const receive = await gasOf(f.as(pharmacy).write.receiveShipment([shipmentId, 100, zeroHash]));
    const serial = 'SN000004242';
    const dispense = await gasOf(f.as(pharmacy).write.dispense([lotId, serial, tree.proof(serial)]));
    const ref = keccak256(stringToHex('bench-event'));
    const calm = await gasOf(f.as(oracle).write.submitRisk([lotId, shipmentId, ref, 1_200, ref]));
    const hold = await gasOf(f.as(oracle).write.submitRisk([lotId, shipmentId, ref, 9_500, ref]));
    const close = await gasOf(f.as(auditor).write.closeCase([await f.read.caseCount(), 1, ref]));

    const depth = tree.proof(serial).length;
    const gas = (benchmark: string, value: bigint, note?: string): BenchRow => ({
      benchmark: `SupplyChain ${benchmark}`,
      value: value.toLocaleString('en'),
      unit: 'gas',
      target: '-',
      ...(note ? { note } : {}),
    });
    return [
      {
        benchmark: `serial tree build (${serials.toLocaleString('en')} serials)`,
        value: treeMs.toFixed(0),
        unit: 'ms',
        target: '-',
      },
      gas('commission', commission, `${serials.toLocaleString('en')} serials, one transaction`),
      gas('ship', shipGas),
      gas('receiveShipment', receive),
      gas('dispense', dispense, `proof of ${depth} hashes`),
      gas('submitRisk (below threshold)', calm),
      gas('submitRisk (hold + audit case)', hold),
      gas('closeCase (release)', close),
    ];
  } finally {
    await ledger.close();
  }
}
