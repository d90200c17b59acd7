import { createHash } from 'node:crypto';
import { SeededRandom } from '../ai/random/SeededRandom.ts';
import type { CustodyEvent } from '../supply/epcis/CustodyEvent.ts';
import { gs1CheckDigit } from '../supply/gs1CheckDigit.ts';
import { gtinFromBody } from '../supply/gtin.ts';
import { MEDICINE_CATALOG, type Medicine } from '../supply/sim/medicineCatalog.ts';

/** Who posts a capture: the manufacturer-distributor's node or the hospital pharmacy's node. */
export type DemoSupplyParty = 'supplier' | 'dispenser';

/** A product the supplier registers: a catalogue medicine under the supplier's GTIN. */
export type DemoSupplyProduct = { gtin: string; name: string; strength: string; form: string };

/** A commissioned lot and its serial list (the supplier's master data). */
export type DemoSupplyLot = { gtin: string; lot: string; expiry: string; serials: readonly string[] };

/** One EPCIS capture, posted by one party's node; `anomaly` names what a planted one is meant to show. */
export type DemoSupplyCapture = { party: DemoSupplyParty; events: readonly CustodyEvent[]; anomaly?: string };

/** A package to scan: the GS1 keys printed on it (expiry as the `YYYY-MM-DD` the verify API takes). */
export type DemoPackage = { gtin: string; serial: string; lot: string; expiry: string };

/** The demo's supply chain: sites, products, lots, weeks of normal custody, then the planted anomalies. */
export type DemoSupplyPlan = {
  /** GS1 Company Prefix of every GLN and GTIN in the plan (all 7 digits long). */
  companyPrefixes: readonly string[];
  sites: { plant: string; distributionCentre: string; hospitalPharmacy: string; otherHospital: string };
  region: string;
  products: readonly DemoSupplyProduct[];
  lots: readonly DemoSupplyLot[];
  /** Normal traffic, oldest first: commissioning, weekly deliveries, receipts, dispensing. */
  history: readonly DemoSupplyCapture[];
  /** After the history: captures the detector should hold. */
  anomalies: readonly DemoSupplyCapture[];
  /** The never-commissioned serial that travels in the counterfeit shipment. */
  counterfeit: DemoPackage;
};

/** How much history to plan; the defaults give a plausible six weeks at a hospital pharmacy. */
export type DemoSupplySize = { seed: number; weeks: number; serialsPerLot: number };

/** Six weeks of four medicines: enough history that the detector's route and volume features are warm. */
export const defaultDemoSupplySize: DemoSupplySize = { seed: 7, weeks: 6, serialsPerLot: 120 };

const SUPPLIER_PREFIX = '0850123';
const HOSPITAL_PREFIX = '0860456';
const OTHER_HOSPITAL_PREFIX = '0860789';
const OFFSET = '-05:00';
const OFFSET_HOURS = -5;
const DAY_MS = 86_400_000;
/** Medicines a hospital pharmacy stocks from one supplier (names in `MEDICINE_CATALOG`). */
const MEDICINES = ['Atorvastatin', 'Metformin', 'Amoxicillin', 'Enoxaparin'];

const gln = (prefix: string, location: string) =>
  `${prefix}${location}${gs1CheckDigit(`${prefix}${location}`)}`;

/** A stable EPCIS event id from the plan's seed and a local name, so a restarted load replays the same events. */
function eventId(seed: number, name: string): string {
  const hex = createHash('sha256').update(`caduceus-demo-supply:${seed}:${name}`).digest('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Plans the demo's supply chain relative to `now`: a manufacturer-distributor commissions one lot of each medicine
 * at its plant `weeks` weeks ago, ships serialised packs from its distribution centre to the hospital pharmacy every
 * week (weekday afternoons, local time), the pharmacy receives them next morning and dispenses every other day.
 * Yesterday two deliveries broke the pattern: at 03:00, five weeks' stock of one medicine with a never-commissioned
 * serial among the packs (grey-market stock in a genuine lot), and at 11:00 a normal delivery to a hospital the
 * supplier never served. Seeded and a pure function of `now`: the same anchor gives the same events and ids.
 */
export function planDemoSupplyChain(now: Date, size: DemoSupplySize = defaultDemoSupplySize): DemoSupplyPlan {
  const random = new SeededRandom(size.seed);
  const sites = {
    plant: gln(SUPPLIER_PREFIX, '00011'),
    distributionCentre: gln(SUPPLIER_PREFIX, '00028'),
    hospitalPharmacy: gln(HOSPITAL_PREFIX, '00107'),
    otherHospital: gln(OTHER_HOSPITAL_PREFIX, '00015'),
  };
  const medicines = MEDICINES.map((name) => MEDICINE_CATALOG.find((m) => m.name === name)).filter(
    (m): m is Medicine => m !== undefined,
  );
  const products = medicines.map((m, i) => ({
    gtin: gtinFromBody(`0${SUPPLIER_PREFIX}${String(2100 + i * 7).padStart(5, '0')}`),
    name: m.name,
    strength: m.strength,
    form: m.form,
  }));
  // Day 0 is midnight UTC `weeks` weeks before yesterday, so the anomalies (day `7 × weeks`) happened yesterday.
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const day0 = today - (size.weeks * 7 + 1) * DAY_MS;
  const at = (day: number, localHour: number) => {
    const minutes = random.nextInt(50);
    return new Date(
      day0 + day * DAY_MS + (localHour - OFFSET_HOURS) * 3_600_000 + minutes * 60_000,
    ).toISOString();
  };
  const serialOf = () => String(1e11 + random.nextInt(9e8) * 100 + random.nextInt(100)).slice(0, 12);
  const lots: DemoSupplyLot[] = products.map((product, i) => {
    const medicine = medicines[i] as Medicine;
    const expiry = new Date(day0 + medicine.shelfLifeMonths * 30 * DAY_MS).toISOString().slice(0, 10);
    const serials = Array.from({ length: size.serialsPerLot }, serialOf);
    return { gtin: product.gtin, lot: `MP${String(day0 / DAY_MS).slice(-4)}${i + 1}`, expiry, serials };
  });
  const event = (name: string, kind: CustodyEvent['kind'], time: string, fields: Partial<CustodyEvent>) =>
    ({
      id: eventId(size.seed, name),
      kind,
      source: 'ObjectEvent',
      action: kind === 'commission' ? 'ADD' : 'OBSERVE',
      time,
      timeZoneOffset: OFFSET,
      gtin: '',
      serials: [],
      quantity: fields.serials?.length ?? 0,
      ...fields,
    }) as CustodyEvent;

  const commissions = lots.map((lot, i) =>
    event(`commission:${lot.lot}`, 'commission', at(0, 7 + i), {
      gtin: lot.gtin,
      lot: lot.lot,
      expiry: lot.expiry,
      serials: lot.serials,
      location: sites.plant,
    }),
  );
  const history: DemoSupplyCapture[] = [{ party: 'supplier', events: commissions }];
  const next = lots.map(() => 0);
  const atHospital = lots.map((): string[] => []);
  const deliver = (day: number, name: string, units: (i: number) => number, hour: (i: number) => number) => {
    const shipped = lots.map((lot, i) => {
      const serials = lot.serials.slice(next[i], (next[i] ?? 0) + units(i));
      next[i] = (next[i] ?? 0) + serials.length;
      return serials;
    });
    const ref = (i: number) => `urn:epcglobal:cbv:bt:${sites.distributionCentre}:${name}-${i + 1}`;
    const ships = lots.map((lot, i) =>
      event(`ship:${name}:${lot.lot}`, 'ship', at(day, hour(i)), {
        gtin: lot.gtin,
        lot: lot.lot,
        serials: shipped[i] ?? [],
        fromParty: sites.distributionCentre,
        toParty: sites.hospitalPharmacy,
        location: sites.distributionCentre,
        shipmentRef: ref(i),
      }),
    );
    return { shipped, ships, ref };
  };
  const weekly = (medicine: Medicine) => Math.max(4, Math.round(medicine.weeklyPacks / 3));
  for (let week = 0; week < size.weeks; week++) {
    const shipDay = week * 7 + 1 + random.nextInt(2);
    const { shipped, ships, ref } = deliver(
      shipDay,
      `W${week + 1}`,
      (i) => weekly(medicines[i] as Medicine) + random.nextInt(3),
      (i) => 14 + i,
    );
    history.push({ party: 'supplier', events: ships });
    const receipts = lots.map((lot, i) =>
      event(`receive:W${week + 1}:${lot.lot}`, 'receive', at(shipDay + 1, 8 + i), {
        gtin: lot.gtin,
        lot: lot.lot,
        serials: shipped[i] ?? [],
        fromParty: sites.distributionCentre,
        toParty: sites.hospitalPharmacy,
        location: sites.hospitalPharmacy,
        shipmentRef: ref(i),
      }),
    );
    // The pharmacy learns each lot's serial list from the manufacturer's commissioning events before its first receipt.
    history.push({ party: 'dispenser', events: week === 0 ? [...commissions, ...receipts] : receipts });
    shipped.forEach((serials, i) => {
      atHospital[i]?.push(...serials);
    });
    for (const offset of [2, 4, 6]) {
      const day = shipDay + offset;
      if (day >= size.weeks * 7) break;
      const dispenses = lots.flatMap((lot, i) => {
        const stock = atHospital[i] ?? [];
        const serials = stock.splice(0, Math.min(stock.length, 1 + random.nextInt(2)));
        if (serials.length === 0) return [];
        return [
          event(`dispense:${day}:${lot.lot}`, 'dispense', at(day, 10 + random.nextInt(8)), {
            gtin: lot.gtin,
            lot: lot.lot,
            serials,
            fromParty: sites.hospitalPharmacy,
            location: sites.hospitalPharmacy,
          }),
        ];
      });
      dispenses.sort((a, b) => a.time.localeCompare(b.time));
      if (dispenses.length > 0) history.push({ party: 'dispenser', events: dispenses });
    }
  }

  // Yesterday: a 03:00 delivery of five weeks' worth of one medicine, with a never-commissioned serial among the
  // packs (grey-market stock mixed into a genuine lot), then a delivery to a hospital the supplier never served.
  const lastDay = size.weeks * 7;
  const surgeLot = lots[0] as DemoSupplyLot;
  const surgeUnits = 5 * weekly(medicines[0] as Medicine);
  const genuine = surgeLot.serials.slice(next[0], (next[0] ?? 0) + surgeUnits - 1);
  next[0] = (next[0] ?? 0) + genuine.length;
  const fake = serialOf();
  const counterfeitShip = event(`ship:night:${surgeLot.lot}`, 'ship', at(lastDay, 3), {
    gtin: surgeLot.gtin,
    lot: surgeLot.lot,
    serials: [...genuine.slice(0, 3), fake, ...genuine.slice(3)],
    fromParty: sites.distributionCentre,
    toParty: sites.hospitalPharmacy,
    location: sites.distributionCentre,
    shipmentRef: `urn:epcglobal:cbv:bt:${sites.distributionCentre}:X1`,
  });
  const divertedLot = lots[2] as DemoSupplyLot;
  const diverted = divertedLot.serials.slice(next[2], (next[2] ?? 0) + weekly(medicines[2] as Medicine));
  next[2] = (next[2] ?? 0) + diverted.length;
  const divertedShip = event(`ship:new-route:${divertedLot.lot}`, 'ship', at(lastDay, 11), {
    gtin: divertedLot.gtin,
    lot: divertedLot.lot,
    serials: diverted,
    fromParty: sites.distributionCentre,
    toParty: sites.otherHospital,
    location: sites.distributionCentre,
    shipmentRef: `urn:epcglobal:cbv:bt:${sites.distributionCentre}:X2`,
  });
  return {
    companyPrefixes: [SUPPLIER_PREFIX, HOSPITAL_PREFIX, OTHER_HOSPITAL_PREFIX],
    sites,
    region: 'Riverside',
    products,
    lots,
    history,
    anomalies: [
      {
        party: 'supplier',
        events: [counterfeitShip],
        anomaly: "03:00 delivery of five weeks' stock, a counterfeit pack among it",
      },
      { party: 'supplier', events: [divertedShip], anomaly: 'delivery to a hospital never supplied before' },
    ],
    counterfeit: { gtin: surgeLot.gtin, serial: fake, lot: surgeLot.lot, expiry: surgeLot.expiry },
  };
}
