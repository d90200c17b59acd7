import { keccak256, stringToHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supplyChainAbi } from '../src/ledger/contracts/generated/SupplyChain.ts';
import {
  type SupplyChainFixture,
  startSupplyChain,
  type TestLot,
  zeroHash,
} from './testing/deploySupplyChain.ts';
import { expectContractError } from './testing/expectContractError.ts';

const SerialState = { Active: 1, Recalled: 3, Dispensed: 5 } as const;
const Resolution = { Released: 1, Recalled: 2 } as const;

let f: SupplyChainFixture;

beforeAll(async () => {
  f = await startSupplyChain();
});

afterAll(async () => {
  await f?.ledger.close();
});

const hash = (text: string) => keccak256(stringToHex(text));
const caseOf = (events: Awaited<ReturnType<SupplyChainFixture['send']>>['events']) => {
  const assessed = events.find((event) => event.eventName === 'RiskAssessed');
  if (assessed?.eventName !== 'RiskAssessed') throw new Error('no RiskAssessed event');
  return assessed.args.caseId;
};

describe('SupplyChain: a lot of 100,000 packs from factory to patient', () => {
  let lot: TestLot;

  it('commissions 100,000 serials in one transaction, at the cost of a 10-serial lot', async () => {
    const small = await f.commissionLot(10);
    const smallGas = (
      await f.ledger.publicClient.getTransactionReceipt({ hash: await lastCommission(small.lotId) })
    ).gasUsed;
    lot = await f.commissionLot(100_000);
    const receipt = await f.ledger.publicClient.getTransactionReceipt({
      hash: await lastCommission(lot.lotId),
    });
    expect(lot.tree.quantity).toBe(100_000);
    expect((await f.read.getLot([lot.lotId])).quantity).toBe(100_000);
    expect(receipt.gasUsed).toBeLessThan(smallGas + 1_000n);
    expect(receipt.gasUsed).toBeLessThan(250_000n);
    const deepest = lot.serials[99_999] as string;
    expect(lot.tree.proof(deepest).length).toBe(17);
    expect(
      await f.read.verifySerial([lot.gtin, lot.lotNumber, deepest, lot.tree.proof(deepest)]),
    ).toMatchObject({
      genuine: true,
      state: SerialState.Active,
    });
  });

  it('moves packs manufacturer → distributor → pharmacy → patient, holds on a high score, releases, recalls', async () => {
    const { manufacturer, distributor, pharmacy, oracle, auditor } = f.parties;
    const holding = (wallet: typeof manufacturer) => f.read.holdingOf([lot.lotId, wallet.account.address]);

    // Factory to wholesaler to pharmacy, every receipt in full.
    const toDistributor = await f.ship(lot, manufacturer, distributor, 60_000);
    await f.send(f.as(distributor).write.receiveShipment([toDistributor, 60_000, zeroHash]));
    const toPharmacy = await f.ship(lot, distributor, pharmacy, 1_000);
    await f.send(f.as(pharmacy).write.receiveShipment([toPharmacy, 1_000, zeroHash]));
    expect([await holding(manufacturer), await holding(distributor), await holding(pharmacy)]).toEqual([
      40_000n,
      59_000n,
      1_000n,
    ]);

    // A patient receives one pack; scanning it again shows it was dispensed.
    const pack = lot.serials[31_337] as string;
    await f.send(f.as(pharmacy).write.dispense([lot.lotId, pack, lot.tree.proof(pack)]));
    expect((await f.read.verifySerial([lot.gtin, lot.lotNumber, pack, lot.tree.proof(pack)])).state).toBe(
      SerialState.Dispensed,
    );
    expect(await holding(pharmacy)).toBe(999n);

    // The detector finds the next shipment suspicious: the lot is held at once and cannot move.
    const suspicious = await f.ship(lot, distributor, pharmacy, 500);
    const scored = await f.send(
      f.as(oracle).write.submitRisk([lot.lotId, suspicious, hash('event-2'), 9_300, hash('explanation-2')]),
    );
    expect(scored.names).toEqual(['AuditCaseOpened', 'LotHeld', 'RiskAssessed']);
    const firstCase = caseOf(scored.events);
    await expectContractError(
      f.as(distributor).simulate.ship([lot.lotId, pharmacy.account.address, 10, zeroHash]),
      'SupplyHeldProduct',
      [lot.lotId],
    );
    await expectContractError(
      f.as(pharmacy).simulate.receiveShipment([suspicious, 500, zeroHash]),
      'SupplyHeldProduct',
    );

    // The auditor finds nothing wrong: the hold is lifted and the goods move again.
    await f.send(f.as(auditor).write.closeCase([firstCase, Resolution.Released, hash('findings-1')]));
    await f.send(f.as(pharmacy).write.receiveShipment([suspicious, 500, zeroHash]));
    const after = await f.ship(lot, distributor, pharmacy, 10);

    // A receipt that does not match its shipment is recorded as a discrepancy.
    const mismatch = await f.send(f.as(pharmacy).write.receiveShipment([after, 8, zeroHash]));
    expect(mismatch.names).toEqual(['Received', 'DiscrepancyRecorded']);
    expect(await holding(pharmacy)).toBe(999n + 500n + 8n);

    // Another alert is confirmed: the lot is recalled, and no pack of it reaches a patient any more.
    const confirmed = caseOf(
      (
        await f.send(
          f.as(oracle).write.submitRisk([lot.lotId, 0n, hash('event-3'), 9_800, hash('explanation-3')]),
        )
      ).events,
    );
    await f.send(f.as(auditor).write.closeCase([confirmed, Resolution.Recalled, hash('findings-2')]));
    const another = lot.serials[4_242] as string;
    expect(
      (await f.read.verifySerial([lot.gtin, lot.lotNumber, another, lot.tree.proof(another)])).state,
    ).toBe(SerialState.Recalled);
    await expectContractError(
      f.as(pharmacy).simulate.dispense([lot.lotId, another, lot.tree.proof(another)]),
      'SupplyRecalledProduct',
      [lot.lotId],
    );
    // Nothing was created or lost along the way except the two missing units of the short receipt.
    const held = (await holding(manufacturer)) + (await holding(distributor)) + (await holding(pharmacy));
    expect(held + 1n /* dispensed */ + 2n /* missing */).toBe(100_000n);
  });
});

/** The transaction that commissioned a lot, found by its event. */
async function lastCommission(lotId: `0x${string}`) {
  const [event] = await f.ledger.publicClient.getContractEvents({
    address: f.address,
    abi: supplyChainAbi,
    eventName: 'LotCommissioned',
    args: { lotId },
    fromBlock: 0n,
  });
  if (!event) throw new Error('lot not commissioned');
  return event.transactionHash;
}
