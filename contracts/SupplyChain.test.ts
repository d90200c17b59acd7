import { readdirSync, readFileSync } from 'node:fs';
import { type Hex, keccak256, stringToHex, zeroAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsortiumRole as Role } from '../src/ledger/contracts/consortiumRoles.ts';
import { supplyChainAbi, supplyChainBytecode } from '../src/ledger/contracts/generated/SupplyChain.ts';
import { lotIdOf } from '../src/supply/lotId.ts';
import { serialHash, serialLeaf } from '../src/supply/serialLeaf.ts';
import {
  addressOf,
  freshGtin,
  type SupplyChainFixture,
  startSupplyChain,
  type TestLot,
  zeroHash,
} from './testing/deploySupplyChain.ts';
import { expectContractError, expectDeployError } from './testing/expectContractError.ts';

const LotStatus = { None: 0, Active: 1 } as const;
const SerialState = { Unknown: 0, Active: 1, Dispensed: 5, Decommissioned: 6, Stolen: 7 } as const;

let f: SupplyChainFixture;

beforeAll(async () => {
  f = await startSupplyChain();
});

afterAll(async () => {
  await f?.ledger.close();
});

describe('SupplyChain: identifiers', () => {
  it('names its registry, threshold and leaf domain, and refuses a zero registry', async () => {
    expect(await f.read.registry()).toBe(f.registry);
    expect(await f.read.riskThreshold()).toBe(8_000);
    expect(await f.read.DEFAULT_RISK_THRESHOLD()).toBe(8_000);
    expect(await f.read.MAX_SCORE()).toBe(10_000);
    expect(await f.read.SERIAL_LEAF_DOMAIN()).toBe('caduceus.serial.v1');
    await expectDeployError(
      f.ledger,
      { abi: supplyChainAbi, bytecode: supplyChainBytecode, args: [zeroAddress] },
      'SupplyInvalidRegistry',
    );
  });

  it('checks GTINs and computes lot ids and serial leaves as the off-chain helpers do', async () => {
    for (const gtin of [4006381333931n, 80614141123458n, 96385074n])
      expect(await f.read.isValidGtin([gtin])).toBe(true);
    for (const gtin of [0n, 4006381333932n, 100_000_000_000_000n, 80614141123459n]) {
      expect(await f.read.isValidGtin([gtin])).toBe(false);
    }
    expect(await f.read.lotIdOf([80614141123458n, 'A1B2'])).toBe(lotIdOf('80614141123458', 'A1B2'));
    for (const serial of ['1', 'SN-0001', 'a/b%c'])
      expect(await f.read.serialLeaf([serial])).toBe(serialLeaf(serial));
  });
});

describe('SupplyChain: products and lots', () => {
  it('registers a product owned by the manufacturer member, whether its account or node sends it', async () => {
    const gtin = freshGtin();
    const { events } = await f.send(
      f.as(f.manufacturerNode).write.registerProduct([gtin, 'Metformin', '850 mg', 'tablet']),
    );
    const manufacturer = addressOf(f.parties.manufacturer);
    expect(events[0]).toMatchObject({
      eventName: 'ProductRegistered',
      args: { gtin, owner: manufacturer, name: 'Metformin', strength: '850 mg', form: 'tablet' },
    });
    const product = await f.read.getProduct([gtin]);
    expect(product).toMatchObject({
      owner: manufacturer,
      name: 'Metformin',
      strength: '850 mg',
      form: 'tablet',
    });
    expect(product.registeredAt).toBe(await f.now());
  });

  it('refuses products from non-manufacturers, invalid or taken GTINs and empty names', async () => {
    const { distributor, manufacturer, rival } = f.parties;
    const gtin = freshGtin();
    await expectContractError(
      f.as(distributor).simulate.registerProduct([gtin, 'X', '', '']),
      'SupplyNotAuthorised',
      [addressOf(distributor), Role.MANUFACTURER],
    );
    await expectContractError(
      f.as(f.outsider).simulate.registerProduct([gtin, 'X', '', '']),
      'SupplyNotAuthorised',
    );
    await expectContractError(
      f.as(manufacturer).simulate.registerProduct([gtin + 1n, 'X', '', '']),
      'SupplyInvalidGtin',
      [gtin + 1n],
    );
    await expectContractError(
      f.as(manufacturer).simulate.registerProduct([gtin, '', '', '']),
      'SupplyEmptyProductName',
    );
    await f.send(f.as(manufacturer).write.registerProduct([gtin, 'X', '', '']));
    await expectContractError(f.as(rival).simulate.registerProduct([gtin, 'Y', '', '']), 'SupplyGtinTaken', [
      gtin,
      addressOf(manufacturer),
    ]);
    const unknown = freshGtin();
    await expectContractError(f.read.getProduct([unknown]), 'SupplyUnknownGtin', [unknown]);
  });

  it('commissions a lot of serials and credits its whole quantity to the manufacturer', async () => {
    const lot = await f.commissionLot(25);
    const manufacturer = addressOf(f.parties.manufacturer);
    const stored = await f.read.getLot([lot.lotId]);
    expect(stored).toMatchObject({
      manufacturer,
      gtin: lot.gtin,
      quantity: 25,
      expiresAt: lot.expiresAt,
      status: LotStatus.Active,
      openCases: 0,
      serialRoot: lot.tree.root,
      lotNumber: lot.lotNumber,
    });
    expect(await f.read.holdingOf([lot.lotId, manufacturer])).toBe(25n);
    const [event] = await f.ledger.publicClient.getContractEvents({
      address: f.address,
      abi: supplyChainAbi,
      eventName: 'LotCommissioned',
      args: { lotId: lot.lotId },
      fromBlock: 0n,
    });
    expect(event?.args).toEqual({
      lotId: lot.lotId,
      gtin: lot.gtin,
      manufacturer,
      lotNumber: lot.lotNumber,
      expiresAt: lot.expiresAt,
      quantity: 25,
      serialRoot: lot.tree.root,
    });
  });

  it('refuses to commission unknown or foreign products, bad lot numbers, quantities, roots, expiries and twins', async () => {
    const { manufacturer, rival, distributor } = f.parties;
    const gtin = await f.registerProduct();
    const root = keccak256(stringToHex('root'));
    const later = (await f.now()) + 86_400n;
    const commission = (
      wallet = manufacturer,
      args: Partial<{ gtin: bigint; lot: string; expiresAt: bigint; quantity: number; root: Hex }> = {},
    ) =>
      f
        .as(wallet)
        .simulate.commission([
          args.gtin ?? gtin,
          args.lot ?? 'LOT1',
          args.expiresAt ?? later,
          args.quantity ?? 10,
          args.root ?? root,
        ]);
    const unknown = freshGtin();
    await expectContractError(commission(manufacturer, { gtin: unknown }), 'SupplyUnknownGtin', [unknown]);
    await expectContractError(commission(rival), 'SupplyNotProductOwner', [gtin, addressOf(rival)]);
    await expectContractError(commission(distributor), 'SupplyNotAuthorised', [
      addressOf(distributor),
      Role.MANUFACTURER,
    ]);
    await expectContractError(commission(manufacturer, { lot: '' }), 'SupplyInvalidLotNumber');
    await expectContractError(commission(manufacturer, { lot: 'L'.repeat(21) }), 'SupplyInvalidLotNumber');
    await expectContractError(commission(manufacturer, { quantity: 0 }), 'SupplyInvalidQuantity');
    await expectContractError(commission(manufacturer, { root: zeroHash }), 'SupplyInvalidSerialRoot');
    const lotId = lotIdOf(gtin.toString(), 'LOT1');
    const past = await f.now();
    await expectContractError(commission(manufacturer, { expiresAt: past }), 'SupplyExpiredProduct', [
      lotId,
      past,
    ]);
    await f.send(f.as(manufacturer).write.commission([gtin, 'LOT1', later, 10, root]));
    await expectContractError(commission(), 'SupplyLotExists', [lotId]);
    await expectContractError(f.read.getLot([zeroHash]), 'SupplyUnknownLot', [zeroHash]);
  });
});

describe('SupplyChain: custody', () => {
  it('ships and receives between partners, conserving quantities, addressing a partner by its node too', async () => {
    const { manufacturer, distributor } = f.parties;
    const lot = await f.commissionLot(10);
    const before = await f.read.shipmentCount();
    const distributorNode = f.nodeOf('distributor');
    const serialsHash = keccak256(stringToHex('S0000000..S0000005'));
    const shipped = await f.send(f.as(manufacturer).write.ship([lot.lotId, distributorNode, 6, serialsHash]));
    const shipmentId = before + 1n;
    expect(shipped.events[0]).toMatchObject({
      eventName: 'Shipped',
      args: {
        shipmentId,
        lotId: lot.lotId,
        from: addressOf(manufacturer),
        to: addressOf(distributor),
        quantity: 6,
        serialsHash,
      },
    });
    expect(await f.read.shipmentCount()).toBe(shipmentId);
    expect(await f.read.holdingOf([lot.lotId, addressOf(manufacturer)])).toBe(4n);
    expect(await f.read.holdingOf([lot.lotId, addressOf(distributor)])).toBe(0n);
    expect(await f.read.getShipment([shipmentId])).toMatchObject({
      lotId: lot.lotId,
      from: addressOf(manufacturer),
      to: addressOf(distributor),
      quantity: 6,
      receivedAt: 0n,
      serialsHash,
    });

    const received = await f.send(f.as(distributor).write.receiveShipment([shipmentId, 6, serialsHash]));
    expect(received.names).toEqual(['Received']);
    expect(received.events[0]?.args).toEqual({
      shipmentId,
      lotId: lot.lotId,
      to: addressOf(distributor),
      quantity: 6,
      serialsHash,
    });
    expect(await f.read.holdingOf([lot.lotId, addressOf(distributor)])).toBe(6n);
    const shipment = await f.read.getShipment([shipmentId]);
    expect(shipment).toMatchObject({ receivedQuantity: 6, receivedSerialsHash: serialsHash });
    expect(shipment.receivedAt).toBe(await f.now());
  });

  it('records a discrepancy for a short, an excess or a different receipt, crediting at most what was shipped', async () => {
    const { manufacturer, distributor } = f.parties;
    const lot = await f.commissionLot(20);
    const short = await f.ship(lot, manufacturer, distributor, 5);
    const { names, events } = await f.send(f.as(distributor).write.receiveShipment([short, 3, zeroHash]));
    expect(names).toEqual(['Received', 'DiscrepancyRecorded']);
    expect(events[1]?.args).toEqual({
      shipmentId: short,
      lotId: lot.lotId,
      from: addressOf(manufacturer),
      to: addressOf(distributor),
      shippedQuantity: 5,
      receivedQuantity: 3,
      shippedSerialsHash: zeroHash,
      receivedSerialsHash: zeroHash,
    });
    expect(await f.read.holdingOf([lot.lotId, addressOf(distributor)])).toBe(3n);

    const excess = await f.ship(lot, manufacturer, distributor, 2);
    const over = await f.send(f.as(distributor).write.receiveShipment([excess, 4, zeroHash]));
    expect(over.names).toEqual(['Received', 'DiscrepancyRecorded']);
    expect(over.events[0]?.args).toMatchObject({ quantity: 2 });
    expect(over.events[1]?.args).toMatchObject({ shippedQuantity: 2, receivedQuantity: 4 });
    expect(await f.read.holdingOf([lot.lotId, addressOf(distributor)])).toBe(5n);

    const listed = keccak256(stringToHex('listed'));
    const other = keccak256(stringToHex('other'));
    const swapped = await f.ship(lot, manufacturer, distributor, 1, listed);
    expect((await f.send(f.as(distributor).write.receiveShipment([swapped, 1, other]))).names).toEqual([
      'Received',
      'DiscrepancyRecorded',
    ]);
    // No serial list on the receipt: only quantities are compared.
    const unlisted = await f.ship(lot, manufacturer, distributor, 1, listed);
    expect((await f.send(f.as(distributor).write.receiveShipment([unlisted, 1, zeroHash]))).names).toEqual([
      'Received',
    ]);
  });

  it('refuses unknown lots and partners, self-shipments, empty or oversized shipments and non-partners', async () => {
    const { manufacturer, distributor, oracle } = f.parties;
    const lot = await f.commissionLot(3);
    const ship = (wallet = manufacturer, to: Hex = addressOf(distributor), quantity = 1, lotId = lot.lotId) =>
      f.as(wallet).simulate.ship([lotId, to, quantity, zeroHash]);
    await expectContractError(ship(manufacturer, addressOf(distributor), 1, zeroHash), 'SupplyUnknownLot', [
      zeroHash,
    ]);
    await expectContractError(ship(manufacturer, addressOf(f.outsider)), 'SupplyUnknownPartner', [
      addressOf(f.outsider),
    ]);
    await expectContractError(ship(manufacturer, f.clinic), 'SupplyUnknownPartner', [f.clinic]);
    await expectContractError(ship(manufacturer, addressOf(oracle)), 'SupplyUnknownPartner', [
      addressOf(oracle),
    ]);
    await expectContractError(ship(manufacturer, addressOf(f.manufacturerNode)), 'SupplySelfShipment', [
      addressOf(manufacturer),
    ]);
    await expectContractError(ship(manufacturer, addressOf(distributor), 0), 'SupplyInvalidQuantity');
    await expectContractError(ship(manufacturer, addressOf(distributor), 4), 'SupplyInsufficientQuantity', [
      lot.lotId,
      addressOf(manufacturer),
      3n,
      4n,
    ]);
    await expectContractError(ship(distributor, addressOf(manufacturer)), 'SupplyInsufficientQuantity', [
      lot.lotId,
      addressOf(distributor),
      0n,
      1n,
    ]);
    const partners = Role.MANUFACTURER | Role.DISTRIBUTOR | Role.PHARMACY | Role.HOSPITAL;
    await expectContractError(ship(oracle), 'SupplyNotAuthorised', [addressOf(oracle), partners]);
  });

  it('lets only the addressee receive a shipment, once', async () => {
    const { manufacturer, distributor, pharmacy } = f.parties;
    const lot = await f.commissionLot(3);
    const shipmentId = await f.ship(lot, manufacturer, distributor, 2);
    await expectContractError(
      f.as(pharmacy).simulate.receiveShipment([shipmentId, 2, zeroHash]),
      'SupplyNotAddressee',
      [shipmentId, addressOf(pharmacy)],
    );
    await expectContractError(
      f.as(distributor).simulate.receiveShipment([999n, 2, zeroHash]),
      'SupplyUnknownShipment',
      [999n],
    );
    await expectContractError(f.read.getShipment([0n]), 'SupplyUnknownShipment', [0n]);
    await f.send(f.as(distributor).write.receiveShipment([shipmentId, 2, zeroHash]));
    await expectContractError(
      f.as(distributor).simulate.receiveShipment([shipmentId, 2, zeroHash]),
      'SupplyAlreadyReceived',
      [shipmentId],
    );
  });
});

describe('SupplyChain: serials', () => {
  let lot: TestLot;

  /** A lot of 8 serials, 5 of which the pharmacy holds (manufacturer → distributor → pharmacy). */
  beforeAll(async () => {
    const { manufacturer, distributor, pharmacy } = f.parties;
    lot = await f.commissionLot(8);
    const first = await f.ship(lot, manufacturer, distributor, 6);
    await f.send(f.as(distributor).write.receiveShipment([first, 6, zeroHash]));
    const second = await f.ship(lot, distributor, pharmacy, 5);
    await f.send(f.as(pharmacy).write.receiveShipment([second, 5, zeroHash]));
  });

  const verify = (
    serial: string,
    proof: readonly Hex[] = lot.tree.proof(serial),
    lotNumber = lot.lotNumber,
  ) => f.read.verifySerial([lot.gtin, lotNumber, serial, proof]);

  it('dispenses, decommissions and reports stolen with proofs, and verifySerial tells each state', async () => {
    const { pharmacy } = f.parties;
    const [s0, s1, s2, s3] = lot.serials as [string, string, string, string];
    const holding = () => f.read.holdingOf([lot.lotId, addressOf(pharmacy)]);
    expect(await verify(s0)).toEqual({
      genuine: true,
      lotId: lot.lotId,
      expiresAt: lot.expiresAt,
      state: SerialState.Active,
      lotStatus: LotStatus.Active,
    });

    const dispensed = await f.send(f.as(pharmacy).write.dispense([lot.lotId, s0, lot.tree.proof(s0)]));
    expect(dispensed.events[0]).toMatchObject({
      eventName: 'SerialDispensed',
      args: { lotId: lot.lotId, serialHash: serialHash(s0), by: addressOf(pharmacy), serial: s0 },
    });
    const reason = keccak256(stringToHex('urn:epcglobal:cbv:disp:destroyed'));
    const decommissioned = await f.send(
      f.as(pharmacy).write.decommission([lot.lotId, s1, lot.tree.proof(s1), reason]),
    );
    expect(decommissioned.events[0]).toMatchObject({
      eventName: 'SerialDecommissioned',
      args: { serial: s1, reason },
    });
    const stolen = await f.send(f.as(pharmacy).write.reportStolen([lot.lotId, s2, lot.tree.proof(s2)]));
    expect(stolen.events[0]).toMatchObject({ eventName: 'SerialReportedStolen', args: { serial: s2 } });

    expect(await holding()).toBe(2n);
    expect((await verify(s0)).state).toBe(SerialState.Dispensed);
    expect((await verify(s1)).state).toBe(SerialState.Decommissioned);
    expect((await verify(s2)).state).toBe(SerialState.Stolen);
    expect((await verify(s3)).state).toBe(SerialState.Active);
  });

  it('calls a serial not genuine when its proof fails or its lot is unknown', async () => {
    const [s4, s5] = lot.serials.slice(4) as [string, string];
    expect(await verify('NEVER-MADE', lot.tree.proof(s4))).toMatchObject({
      genuine: false,
      state: SerialState.Unknown,
      lotStatus: LotStatus.Active,
      expiresAt: lot.expiresAt,
    });
    expect((await verify(s5, lot.tree.proof(s4))).genuine).toBe(false);
    expect(await verify(s4, lot.tree.proof(s4), 'NO-SUCH-LOT')).toEqual({
      genuine: false,
      lotId: lotIdOf(lot.gtin.toString(), 'NO-SUCH-LOT'),
      expiresAt: 0n,
      state: SerialState.Unknown,
      lotStatus: LotStatus.None,
    });
  });

  it('refuses bad proofs, serials already out of custody, units not held and non-dispensers', async () => {
    const { pharmacy, hospital, distributor } = f.parties;
    const [s0, s1, s2, , s4] = lot.serials as [string, string, string, string, string];
    await expectContractError(
      f.as(pharmacy).simulate.dispense([lot.lotId, 'NEVER-MADE', lot.tree.proof(s4)]),
      'SupplyInvalidProof',
      [lot.lotId, 'NEVER-MADE'],
    );
    await expectContractError(
      f.as(pharmacy).simulate.dispense([lot.lotId, s0, lot.tree.proof(s0)]),
      'SupplySerialUnavailable',
      [lot.lotId, s0, SerialState.Dispensed],
    );
    await expectContractError(
      f.as(pharmacy).simulate.decommission([lot.lotId, s1, lot.tree.proof(s1), zeroHash]),
      'SupplySerialUnavailable',
      [lot.lotId, s1, SerialState.Decommissioned],
    );
    // A stolen pack that turns up at a dispenser is refused.
    await expectContractError(
      f.as(pharmacy).simulate.dispense([lot.lotId, s2, lot.tree.proof(s2)]),
      'SupplySerialUnavailable',
      [lot.lotId, s2, SerialState.Stolen],
    );
    await expectContractError(
      f.as(hospital).simulate.dispense([lot.lotId, s4, lot.tree.proof(s4)]),
      'SupplyInsufficientQuantity',
      [lot.lotId, addressOf(hospital), 0n, 1n],
    );
    await expectContractError(
      f.as(distributor).simulate.dispense([lot.lotId, s4, lot.tree.proof(s4)]),
      'SupplyNotAuthorised',
      [addressOf(distributor), Role.PHARMACY | Role.HOSPITAL],
    );
    await expectContractError(f.as(pharmacy).simulate.reportStolen([zeroHash, s4, []]), 'SupplyUnknownLot', [
      zeroHash,
    ]);
  });
});

describe('SupplyChain: test coverage', () => {
  it('exercises every custom error the contract declares somewhere in its tests', () => {
    const dir = new URL('.', import.meta.url);
    const sources = readdirSync(dir)
      .filter((name) => name.startsWith('SupplyChain') && name.endsWith('.test.ts'))
      .map((name) => readFileSync(new URL(name, dir), 'utf8'))
      .join('\n');
    const errors = supplyChainAbi.filter((item) => item.type === 'error').map((item) => item.name);
    expect(errors.length).toBeGreaterThan(25);
    expect(errors.filter((name) => !sources.includes(`'${name}'`))).toEqual([]);
  });
});
