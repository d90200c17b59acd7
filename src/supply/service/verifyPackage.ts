import type { Hex } from 'viem';
import { buildSerialTree } from '../buildSerialTree.ts';
import { gtinToUint64 } from '../gtin.ts';
import { lotIdOf } from '../lotId.ts';
import type { SupplyChainLedger } from './SupplyChainLedger.ts';
import type { SupplyStore } from './SupplyStore.ts';

/** A package scan: what is printed on it (GTIN-14, serial, lot, and the expiry `YYYY-MM-DD` when read). */
export type PackageScan = { gtin: string; serial: string; lot: string; expiry?: string };

const SERIAL_STATES = [
  'unknown',
  'active',
  'held',
  'recalled',
  'quarantined',
  'dispensed',
  'decommissioned',
  'stolen',
];
const LOT_STATUSES = ['none', 'active', 'held', 'recalled', 'quarantined'];

/** The answer to "is this package genuine and saleable?" (the DSCSA saleable-returns question). */
export type PackageVerification = {
  gtin: string;
  serial: string;
  lot: string;
  lotId: Hex;
  /** Proven in the lot's serial tree on chain; `null` when this node does not know the lot's serial list. */
  genuine: boolean | null;
  state: string;
  lotStatus: string;
  /** The lot's expiry on chain (the first instant it is expired), ISO 8601, when the lot exists. */
  expiresAt?: string;
  expired?: boolean;
  /** Whether the printed expiry matches the lot's (undefined when none was given or the lot is unknown). */
  expiryMatches?: boolean;
  saleable: boolean;
  reasons: string[];
};

/**
 * Verifies a scanned package against the chain: the serial's Merkle proof (built from the lot's serial list this
 * node holds) through `verifySerial`, the serial's and lot's states, expiry, and the printed expiry against the
 * lot's. Saleable only when genuine, active, unexpired and the printed expiry agrees; `reasons` says what failed.
 */
export async function verifyPackage(
  ledger: SupplyChainLedger,
  store: SupplyStore,
  scan: PackageScan,
  now: Date = new Date(),
): Promise<PackageVerification> {
  const lotId = lotIdOf(scan.gtin, scan.lot);
  const known = store.lot(lotId);
  const tree = known ? buildSerialTree(known.serials) : undefined;
  const proof = tree?.has(scan.serial) ? tree.proof(scan.serial) : [];
  const answer = await ledger.verifySerial(gtinToUint64(scan.gtin), scan.lot, scan.serial, proof);
  const lot = await ledger.lot(lotId);
  const reasons: string[] = [];
  const genuine = answer.genuine ? true : known || !lot ? false : null;
  if (!lot) reasons.push('no such lot on chain');
  else if (genuine === false) reasons.push('serial is not in the lot');
  else if (genuine === null) reasons.push("this node does not know the lot's serial list");
  const state = SERIAL_STATES[answer.state] ?? 'unknown';
  const lotStatus = LOT_STATUSES[lot?.status ?? 0] ?? 'none';
  if (genuine && state !== 'active') reasons.push(`serial is ${state}`);
  if (lot && lotStatus !== 'active') reasons.push(`lot is ${lotStatus}`);
  let expiresAt: string | undefined;
  let expired: boolean | undefined;
  let expiryMatches: boolean | undefined;
  if (lot) {
    expiresAt = new Date(Number(lot.expiresAt) * 1000).toISOString();
    expired = BigInt(Math.floor(now.getTime() / 1000)) >= lot.expiresAt;
    if (expired) reasons.push('lot is expired');
    if (scan.expiry !== undefined) {
      const printed = Date.parse(`${scan.expiry}T00:00:00Z`) / 1000 + 86_400;
      expiryMatches = BigInt(printed) === lot.expiresAt;
      if (!expiryMatches) reasons.push("printed expiry does not match the lot's");
    }
  }
  return {
    gtin: scan.gtin,
    serial: scan.serial,
    lot: scan.lot,
    lotId,
    genuine,
    state,
    lotStatus,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(expired === undefined ? {} : { expired }),
    ...(expiryMatches === undefined ? {} : { expiryMatches }),
    saleable: reasons.length === 0,
    reasons,
  };
}
