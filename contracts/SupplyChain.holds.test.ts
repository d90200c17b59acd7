import { type Hex, keccak256, stringToHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsortiumRole as Role } from '../src/ledger/contracts/consortiumRoles.ts';
import { advancePast } from './testing/advancePast.ts';
import {
  addressOf,
  type SupplyChainFixture,
  startSupplyChain,
  type TestLot,
  zeroHash,
} from './testing/deploySupplyChain.ts';
import { expectContractError } from './testing/expectContractError.ts';

const LotStatus = { Active: 1, Held: 2, Recalled: 3, Quarantined: 4 } as const;
const SerialState = { Active: 1, Held: 2, Recalled: 3, Quarantined: 4 } as const;
const Resolution = { None: 0, Released: 1, Recalled: 2, Quarantined: 3 } as const;

let f: SupplyChainFixture;

beforeAll(async () => {
  f = await startSupplyChain();
});

afterAll(async () => {
  await f?.ledger.close();
});

const explanation = keccak256(stringToHex('top features: route novelty 0.41, velocity 0.22'));
const eventRef = keccak256(stringToHex('urn:uuid:6a1c7e4e-shipping'));
const findings = keccak256(stringToHex('auditor findings'));

/** A lot the distributor holds 6 of (received) with a shipment of 3 more on its way to the pharmacy. */
async function lotInTransit(): Promise<{ lot: TestLot; inTransit: bigint }> {
  const { manufacturer, distributor, pharmacy } = f.parties;
  const lot = await f.commissionLot(10);
  const first = await f.ship(lot, manufacturer, distributor, 9);
  await f.send(f.as(distributor).write.receiveShipment([first, 9, zeroHash]));
  const inTransit = await f.ship(lot, distributor, pharmacy, 3);
  return { lot, inTransit };
}

const score = (lot: TestLot, points: number, shipmentId = 0n) =>
  f.send(f.as(f.parties.oracle).write.submitRisk([lot.lotId, shipmentId, eventRef, points, explanation]));

describe('SupplyChain: risk scores and holds', () => {
  it('records a score under the threshold without holding anything', async () => {
    const { lot, inTransit } = await lotInTransit();
    const cases = await f.read.caseCount();
    const { names, events } = await score(lot, 7_999, inTransit);
    expect(names).toEqual(['RiskAssessed']);
    expect(events[0]?.args).toEqual({
      lotId: lot.lotId,
      shipmentId: inTransit,
      oracle: addressOf(f.parties.oracle),
      eventRef,
      score: 7_999,
      explanationHash: explanation,
      caseId: 0n,
    });
    expect(await f.read.caseCount()).toBe(cases);
    expect((await f.read.getLot([lot.lotId])).status).toBe(LotStatus.Active);
  });

  it('holds the lot at the threshold, names the parties to notify, blocks every move, and releases on audit', async () => {
    const { manufacturer, distributor, pharmacy, auditor } = f.parties;
    const { lot, inTransit } = await lotInTransit();
    const caseId = (await f.read.caseCount()) + 1n;
    const { names, events, receipt } = await score(lot, 8_000, inTransit);
    expect(names).toEqual(['AuditCaseOpened', 'LotHeld', 'RiskAssessed']);
    expect(events[0]?.args).toEqual({
      caseId,
      lotId: lot.lotId,
      shipmentId: inTransit,
      manufacturer: addressOf(manufacturer),
      holder: addressOf(distributor),
      addressee: addressOf(pharmacy),
      score: 8_000,
      explanationHash: explanation,
    });
    expect(events[2]?.args).toMatchObject({ caseId });
    const opened = (await f.ledger.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
    expect(await f.read.getCase([caseId])).toEqual({
      lotId: lot.lotId,
      shipmentId: inTransit,
      eventRef,
      explanationHash: explanation,
      oracle: addressOf(f.parties.oracle),
      score: 8_000,
      resolution: Resolution.None,
      openedAt: opened,
      closedAt: 0n,
      closedBy: '0x0000000000000000000000000000000000000000',
      findingsHash: zeroHash,
    });
    expect(await f.read.getLot([lot.lotId])).toMatchObject({ status: LotStatus.Held, openCases: 1 });
    const serial = lot.serials[0] as string;
    const proof = lot.tree.proof(serial);
    expect((await f.read.verifySerial([lot.gtin, lot.lotNumber, serial, proof])).state).toBe(
      SerialState.Held,
    );

    const held = [lot.lotId];
    await expectContractError(
      f.as(distributor).simulate.ship([lot.lotId, addressOf(pharmacy), 1, zeroHash]),
      'SupplyHeldProduct',
      held,
    );
    await expectContractError(
      f.as(pharmacy).simulate.receiveShipment([inTransit, 3, zeroHash]),
      'SupplyHeldProduct',
      held,
    );
    await expectContractError(
      f.as(distributor).simulate.decommission([lot.lotId, serial, proof, zeroHash]),
      'SupplyHeldProduct',
      held,
    );
    await expectContractError(
      f.as(pharmacy).simulate.dispense([lot.lotId, serial, proof]),
      'SupplyHeldProduct',
      held,
    );

    const closed = await f.send(f.as(auditor).write.closeCase([caseId, Resolution.Released, findings]));
    expect(closed.names).toEqual(['AuditCaseClosed', 'LotReleased']);
    expect(closed.events[0]?.args).toEqual({
      caseId,
      lotId: lot.lotId,
      resolution: Resolution.Released,
      closedBy: addressOf(auditor),
      findingsHash: findings,
    });
    expect(await f.read.getCase([caseId])).toMatchObject({
      resolution: Resolution.Released,
      closedBy: addressOf(auditor),
      findingsHash: findings,
    });
    expect(await f.read.getLot([lot.lotId])).toMatchObject({ status: LotStatus.Active, openCases: 0 });
    await f.send(f.as(pharmacy).write.receiveShipment([inTransit, 3, zeroHash]));
    await f.send(f.as(pharmacy).write.dispense([lot.lotId, serial, proof]));
  });

  it('keeps a lot held until every open case on it is closed', async () => {
    const { auditor, regulator, manufacturer, distributor } = f.parties;
    const lot = await f.commissionLot(4);
    await score(lot, 9_000);
    const { events } = await score(lot, 9_500);
    const second = events.find((e) => e.eventName === 'RiskAssessed')?.args.caseId as bigint;
    const first = second - 1n;
    // A score on a lot, not a shipment, names only the manufacturer.
    expect(events[0]?.args).toMatchObject({
      manufacturer: addressOf(manufacturer),
      holder: expect.stringMatching(/^0x0{40}$/),
    });
    expect((await f.read.getLot([lot.lotId])).openCases).toBe(2);
    expect(
      (await f.send(f.as(auditor).write.closeCase([first, Resolution.Released, findings]))).names,
    ).toEqual(['AuditCaseClosed']);
    await expectContractError(
      f.as(manufacturer).simulate.ship([lot.lotId, addressOf(distributor), 1, zeroHash]),
      'SupplyHeldProduct',
    );
    await f.send(f.as(regulator).write.closeCase([second, Resolution.Released, findings]));
    await f.ship(lot, manufacturer, distributor, 1);
  });

  it('recalls the lot when a case is confirmed as a recall: no dispensing, only returns to the manufacturer', async () => {
    const { manufacturer, distributor, pharmacy, auditor } = f.parties;
    const { lot, inTransit } = await lotInTransit();
    const caseId = (await score(lot, 9_900, inTransit)).events.find((e) => e.eventName === 'RiskAssessed')
      ?.args.caseId as bigint;
    const { names, events } = await f.send(
      f.as(auditor).write.closeCase([caseId, Resolution.Recalled, findings]),
    );
    expect(names).toEqual(['AuditCaseClosed', 'LotRecalled']);
    expect(events[1]?.args).toEqual({
      lotId: lot.lotId,
      by: addressOf(auditor),
      caseId,
      reasonHash: findings,
    });
    expect(await f.read.getLot([lot.lotId])).toMatchObject({ status: LotStatus.Recalled, openCases: 0 });
    const [serial, other] = lot.serials as [string, string];
    expect((await f.read.verifySerial([lot.gtin, lot.lotNumber, serial, lot.tree.proof(serial)])).state).toBe(
      SerialState.Recalled,
    );

    await f.send(f.as(pharmacy).write.receiveShipment([inTransit, 3, zeroHash]));
    await expectContractError(
      f.as(pharmacy).simulate.dispense([lot.lotId, serial, lot.tree.proof(serial)]),
      'SupplyRecalledProduct',
      [lot.lotId],
    );
    await expectContractError(
      f.as(pharmacy).simulate.ship([lot.lotId, addressOf(distributor), 1, zeroHash]),
      'SupplyRecalledProduct',
      [lot.lotId],
    );
    await f.ship(lot, pharmacy, manufacturer, 2);
    await f.send(f.as(pharmacy).write.decommission([lot.lotId, other, lot.tree.proof(other), zeroHash]));
    expect(await f.read.holdingOf([lot.lotId, addressOf(pharmacy)])).toBe(0n);
  });

  it('quarantines the lot when a case is confirmed as a quarantine: it may be received and destroyed, nothing else', async () => {
    const { manufacturer, distributor, pharmacy, regulator } = f.parties;
    const { lot, inTransit } = await lotInTransit();
    const caseId = (await score(lot, 10_000, inTransit)).events.find((e) => e.eventName === 'RiskAssessed')
      ?.args.caseId as bigint;
    const { names, events } = await f.send(
      f.as(regulator).write.closeCase([caseId, Resolution.Quarantined, findings]),
    );
    expect(names).toEqual(['AuditCaseClosed', 'LotQuarantined']);
    expect(events[1]?.args).toEqual({ lotId: lot.lotId, by: addressOf(regulator), caseId });
    expect((await f.read.getLot([lot.lotId])).status).toBe(LotStatus.Quarantined);
    const serial = lot.serials[0] as string;
    const proof = lot.tree.proof(serial);
    expect((await f.read.verifySerial([lot.gtin, lot.lotNumber, serial, proof])).state).toBe(
      SerialState.Quarantined,
    );

    await f.send(f.as(pharmacy).write.receiveShipment([inTransit, 3, zeroHash]));
    const quarantined = [lot.lotId];
    await expectContractError(
      f.as(pharmacy).simulate.dispense([lot.lotId, serial, proof]),
      'SupplyQuarantinedProduct',
      quarantined,
    );
    await expectContractError(
      f.as(distributor).simulate.ship([lot.lotId, addressOf(manufacturer), 1, zeroHash]),
      'SupplyQuarantinedProduct',
      quarantined,
    );
    await f.send(f.as(pharmacy).write.decommission([lot.lotId, serial, proof, zeroHash]));
  });

  it('refuses scores from non-oracles, out of range, or for unknown lots and foreign shipments', async () => {
    const { oracle, pharmacy } = f.parties;
    const { lot, inTransit } = await lotInTransit();
    const other = await f.commissionLot(2);
    const submit = (wallet = oracle, lotId: Hex = lot.lotId, shipmentId = 0n, points = 9_000) =>
      f.as(wallet).simulate.submitRisk([lotId, shipmentId, eventRef, points, explanation]);
    await expectContractError(submit(pharmacy), 'SupplyNotAuthorised', [addressOf(pharmacy), Role.AI_ORACLE]);
    await expectContractError(submit(oracle, lot.lotId, 0n, 10_001), 'SupplyInvalidScore', [10_001]);
    await expectContractError(submit(oracle, zeroHash), 'SupplyUnknownLot', [zeroHash]);
    await expectContractError(submit(oracle, lot.lotId, 999n), 'SupplyUnknownShipment', [999n]);
    await expectContractError(submit(oracle, other.lotId, inTransit), 'SupplyShipmentNotInLot', [
      inTransit,
      other.lotId,
    ]);
  });

  it('lets only an auditor or regulator close a case, once, with a real resolution', async () => {
    const { auditor, oracle } = f.parties;
    const lot = await f.commissionLot(2);
    const caseId = (await score(lot, 9_000)).events.find((e) => e.eventName === 'RiskAssessed')?.args
      .caseId as bigint;
    const close = (wallet = auditor, id = caseId, resolution: number = Resolution.Released) =>
      f.as(wallet).simulate.closeCase([id, resolution, findings]);
    await expectContractError(close(oracle), 'SupplyNotAuthorised', [
      addressOf(oracle),
      Role.AUDITOR | Role.REGULATOR,
    ]);
    await expectContractError(close(auditor, 999n), 'SupplyUnknownCase', [999n]);
    await expectContractError(f.read.getCase([0n]), 'SupplyUnknownCase', [0n]);
    await expectContractError(close(auditor, caseId, Resolution.None), 'SupplyInvalidResolution');
    await f.send(f.as(auditor).write.closeCase([caseId, Resolution.Released, findings]));
    await expectContractError(close(), 'SupplyCaseClosed', [caseId]);
  });
});

describe('SupplyChain: recalls, threshold, expiry', () => {
  it('lets the manufacturer or a regulator recall an active lot, and nobody else', async () => {
    const { manufacturer, regulator, rival, distributor } = f.parties;
    const lot = await f.commissionLot(2);
    const reason = keccak256(stringToHex('recall notice 2025-017'));
    const authorised = [Role.MANUFACTURER | Role.REGULATOR];
    await expectContractError(f.as(rival).simulate.recall([lot.lotId, reason]), 'SupplyNotAuthorised', [
      addressOf(rival),
      ...authorised,
    ]);
    await expectContractError(f.as(distributor).simulate.recall([lot.lotId, reason]), 'SupplyNotAuthorised');
    const { events } = await f.send(f.as(f.manufacturerNode).write.recall([lot.lotId, reason]));
    expect(events[0]).toMatchObject({
      eventName: 'LotRecalled',
      args: { lotId: lot.lotId, by: addressOf(manufacturer), caseId: 0n, reasonHash: reason },
    });
    await expectContractError(f.as(regulator).simulate.recall([lot.lotId, reason]), 'SupplyLotNotActive', [
      lot.lotId,
      LotStatus.Recalled,
    ]);
    const another = await f.commissionLot(2);
    await f.send(f.as(regulator).write.recall([another.lotId, reason]));
    expect((await f.read.getLot([another.lotId])).status).toBe(LotStatus.Recalled);
    await expectContractError(f.as(regulator).simulate.recall([zeroHash, reason]), 'SupplyUnknownLot', [
      zeroHash,
    ]);
  });

  it('lets a regulator set the risk threshold, within range', async () => {
    const { regulator, auditor } = f.parties;
    await expectContractError(f.as(auditor).simulate.setRiskThreshold([5_000]), 'SupplyNotAuthorised', [
      addressOf(auditor),
      Role.REGULATOR,
    ]);
    await expectContractError(f.as(regulator).simulate.setRiskThreshold([0]), 'SupplyInvalidThreshold', [0]);
    await expectContractError(
      f.as(regulator).simulate.setRiskThreshold([10_001]),
      'SupplyInvalidThreshold',
      [10_001],
    );
    const { events } = await f.send(f.as(regulator).write.setRiskThreshold([5_000]));
    expect(events[0]).toMatchObject({
      eventName: 'RiskThresholdChanged',
      args: { threshold: 5_000, by: addressOf(regulator) },
    });
    expect(await f.read.riskThreshold()).toBe(5_000);
    const lot = await f.commissionLot(2);
    expect((await score(lot, 5_000)).names).toContain('LotHeld');
    await f.send(f.as(regulator).write.setRiskThreshold([8_000]));
  });

  it('lets expired product travel only back to its manufacturer or out of the chain, never to a patient', async () => {
    const { manufacturer, distributor, pharmacy } = f.parties;
    const lot = await f.commissionLot(6, { expiresIn: 3n });
    const toDistributor = await f.ship(lot, manufacturer, distributor, 4);
    const toPharmacy = await f.ship(lot, manufacturer, pharmacy, 2);
    await advancePast(f.ledger, lot.expiresAt);
    // Goods already on their way may still be received.
    await f.send(f.as(distributor).write.receiveShipment([toDistributor, 4, zeroHash]));
    await f.send(f.as(pharmacy).write.receiveShipment([toPharmacy, 2, zeroHash]));
    const expired = [lot.lotId, lot.expiresAt];
    await expectContractError(
      f.as(distributor).simulate.ship([lot.lotId, addressOf(pharmacy), 1, zeroHash]),
      'SupplyExpiredProduct',
      expired,
    );
    const [serial, other] = lot.serials as [string, string];
    await expectContractError(
      f.as(pharmacy).simulate.dispense([lot.lotId, serial, lot.tree.proof(serial)]),
      'SupplyExpiredProduct',
      expired,
    );
    await f.ship(lot, distributor, manufacturer, 4);
    await f.send(f.as(pharmacy).write.decommission([lot.lotId, other, lot.tree.proof(other), zeroHash]));
    expect(
      (await f.read.verifySerial([lot.gtin, lot.lotNumber, serial, lot.tree.proof(serial)])).expiresAt,
    ).toBe(lot.expiresAt);
  });
});
