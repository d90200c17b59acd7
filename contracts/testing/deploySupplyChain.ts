import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  getContract,
  type Hash,
  type Hex,
  keccak256,
  parseEventLogs,
  publicActions,
  stringToHex,
  type Transport,
  type WalletClient,
} from 'viem';
import { ConsortiumRole as Role } from '../../src/ledger/contracts/consortiumRoles.ts';
import {
  consortiumRegistryAbi,
  consortiumRegistryBytecode,
} from '../../src/ledger/contracts/generated/ConsortiumRegistry.ts';
import { supplyChainAbi, supplyChainBytecode } from '../../src/ledger/contracts/generated/SupplyChain.ts';
import { connectTestLedger, type TestLedger } from '../../src/ledger/testing/connectTestLedger.ts';
import { buildSerialTree, type SerialTree } from '../../src/supply/buildSerialTree.ts';
import { gtinFromBody, gtinToUint64 } from '../../src/supply/gtin.ts';
import { deployedAt, mined } from './mined.ts';

type Wallet = WalletClient<Transport, Chain, Account>;

/** The members of the test consortium that sign, each by its account key, with the role it is named after. */
export type SupplyParties = {
  manufacturer: Wallet;
  /** Another MANUFACTURER, who owns none of `manufacturer`'s products. */
  rival: Wallet;
  distributor: Wallet;
  pharmacy: Wallet;
  hospital: Wallet;
  oracle: Wallet;
  auditor: Wallet;
  regulator: Wallet;
};

/** A commissioned lot with what a test needs to move and prove its serials. */
export type TestLot = {
  lotId: Hex;
  gtin: bigint;
  lotNumber: string;
  expiresAt: bigint;
  serials: string[];
  tree: SerialTree;
};

/** Deterministic addresses for keys that never sign in these tests. */
const quietAddress = (label: string): Address => getAddress(keccak256(stringToHex(label)).slice(0, 42));

let nextGtin = 0;

/** A fresh valid GTIN-14 as the contract's `uint64`. */
export function freshGtin(): bigint {
  nextGtin += 1;
  return gtinToUint64(gtinFromBody((3_000_000_000_000 + nextGtin).toString()));
}

/**
 * Deploys a consortium of one member per supply-chain role (wallets 0 and 2–8 as accounts; wallet 1 is the
 * manufacturer's node, wallet 9 an outsider; a CLINIC member that holds no supply role never signs) and a
 * `SupplyChain` bound to it, with helpers to call it as any party.
 */
export async function deploySupplyChain(ledger: TestLedger) {
  const [
    manufacturer,
    manufacturerNode,
    rival,
    distributor,
    pharmacy,
    hospital,
    oracle,
    auditor,
    regulator,
    outsider,
  ] = ledger.wallets as [Wallet, Wallet, Wallet, Wallet, Wallet, Wallet, Wallet, Wallet, Wallet, Wallet];
  const parties: SupplyParties = {
    manufacturer,
    rival,
    distributor,
    pharmacy,
    hospital,
    oracle,
    auditor,
    regulator,
  };
  const roles: Record<keyof SupplyParties, number> = {
    manufacturer: Role.MANUFACTURER,
    rival: Role.MANUFACTURER,
    distributor: Role.DISTRIBUTOR,
    pharmacy: Role.PHARMACY,
    hospital: Role.HOSPITAL,
    oracle: Role.AI_ORACLE,
    auditor: Role.AUDITOR,
    regulator: Role.REGULATOR,
  };
  const clinic = quietAddress('clinic-account');
  const nodeOf = (name: keyof SupplyParties): Address =>
    name === 'manufacturer' ? manufacturerNode.account.address : quietAddress(`${name}-node`);
  const founders = [
    ...Object.entries(parties).map(([name, wallet]) => ({
      account: wallet.account.address,
      node: nodeOf(name as keyof SupplyParties),
      name,
      serviceUrl: `https://${name}.example`,
      roles: roles[name as keyof SupplyParties],
    })),
    {
      account: clinic,
      node: quietAddress('clinic-node'),
      name: 'clinic',
      serviceUrl: '',
      roles: Role.CLINIC,
    },
  ];
  const registry = await deployedAt(
    ledger,
    manufacturer.deployContract({
      abi: consortiumRegistryAbi,
      bytecode: consortiumRegistryBytecode,
      args: [founders],
    }),
  );
  const address = await deployedAt(
    ledger,
    manufacturer.deployContract({ abi: supplyChainAbi, bytecode: supplyChainBytecode, args: [registry] }),
  );
  const as = (wallet: Wallet) =>
    getContract({ address, abi: supplyChainAbi, client: wallet.extend(publicActions) });

  /** Mines a transaction and returns its receipt and the SupplyChain events it emitted. */
  const send = async (hash: Promise<Hash>) => {
    const receipt = await mined(ledger, hash);
    const events = parseEventLogs({ abi: supplyChainAbi, logs: receipt.logs });
    return { receipt, events, names: events.map((event) => event.eventName) };
  };

  /** The latest block's timestamp: the contract's "now". */
  const now = async () => (await ledger.publicClient.getBlock({ blockTag: 'latest' })).timestamp;

  /** Registers a fresh product as `owner`, returning its GTIN. */
  const registerProduct = async (owner: Wallet = manufacturer): Promise<bigint> => {
    const gtin = freshGtin();
    await send(as(owner).write.registerProduct([gtin, 'Amoxicillin', '500 mg', 'capsule']));
    return gtin;
  };

  /** Registers a product and commissions a lot of `count` serials as the manufacturer. */
  const commissionLot = async (
    count = 10,
    options: { expiresIn?: bigint; gtin?: bigint; lotNumber?: string } = {},
  ): Promise<TestLot> => {
    const gtin = options.gtin ?? (await registerProduct());
    const lotNumber = options.lotNumber ?? `L${gtin % 100_000n}`;
    const serials = Array.from({ length: count }, (_, i) => `S${i.toString().padStart(7, '0')}`);
    const tree = buildSerialTree(serials);
    const expiresAt = (await now()) + (options.expiresIn ?? 365n * 86_400n);
    await send(as(manufacturer).write.commission([gtin, lotNumber, expiresAt, count, tree.root]));
    const lotId = await as(manufacturer).read.lotIdOf([gtin, lotNumber]);
    return { lotId, gtin, lotNumber, expiresAt, serials, tree };
  };

  /** Ships `quantity` of a lot from `from` to `to`, returning the shipment id. */
  const ship = async (
    lot: TestLot,
    from: Wallet,
    to: Wallet,
    quantity: number,
    serialsHash: Hex = zeroHash,
  ) => {
    const { events } = await send(
      as(from).write.ship([lot.lotId, to.account.address, quantity, serialsHash]),
    );
    const shipped = events.find((event) => event.eventName === 'Shipped');
    if (shipped?.eventName !== 'Shipped') throw new Error('ship emitted no Shipped event');
    return shipped.args.shipmentId;
  };

  return {
    ledger,
    registry,
    address,
    parties,
    manufacturerNode,
    /** Each party's registered node address (only the manufacturer's signs). */
    nodeOf,
    outsider,
    clinic,
    as,
    read: as(manufacturer).read,
    send,
    now,
    registerProduct,
    commissionLot,
    ship,
  };
}

/** What `deploySupplyChain` returns. */
export type SupplyChainFixture = Awaited<ReturnType<typeof deploySupplyChain>>;

/** A fresh ten-account test ledger with the supply chain deployed on it; the caller closes `fixture.ledger`. */
export async function startSupplyChain(): Promise<SupplyChainFixture> {
  return deploySupplyChain(await connectTestLedger({ accounts: 10 }));
}

/** A party's account address, as the contract records it. */
export const addressOf = (wallet: { account: { address: Hex } }): Address => wallet.account.address;

/** The zero `bytes32`: no serial commitment, no reason. */
export const zeroHash = `0x${'00'.repeat(32)}` as const;
