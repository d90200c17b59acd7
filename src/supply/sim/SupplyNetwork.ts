import type { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { gs1CheckDigit } from '../gs1CheckDigit.ts';
import { gtinFromBody } from '../gtin.ts';
import { MEDICINE_CATALOG, type Medicine } from './medicineCatalog.ts';

/** The roles a trading partner plays in the simulated network. */
export type PartyKind = 'manufacturer' | 'distributor' | 'pharmacy' | 'hospital';

/** A region: where a dispenser sits and which distributors serve it; its UTC offset stamps local event times. */
export type Region = { name: string; timeZoneOffset: string };

/** A trading partner, identified by its GLN (used both as party and as location). */
export type Party = {
  gln: string;
  name: string;
  kind: PartyKind;
  region: Region;
  /** The GS1 Company Prefix its GLN (and, for a manufacturer, its GTINs) starts with. */
  companyPrefix: string;
  /** Relative size: a dispenser's demand and a distributor's share scale with it. */
  size: number;
};

/** A product: a medicine as one manufacturer makes it, under one GTIN. */
export type Product = Medicine & { gtin: string; manufacturer: string };

/** A dispenser and the distributors it buys from (first the primary one). */
export type SupplyRoute = { dispenser: string; distributors: readonly string[]; products: readonly string[] };

/** The whole simulated network: parties, products and who buys what from whom. */
export type SupplyNetwork = {
  regions: readonly Region[];
  parties: readonly Party[];
  products: readonly Product[];
  routes: readonly SupplyRoute[];
};

/** How big a network to build. */
export type NetworkSize = { manufacturers: number; distributors: number; dispensers: number };

const REGIONS: readonly Region[] = [
  { name: 'North-East', timeZoneOffset: '-05:00' },
  { name: 'Midwest', timeZoneOffset: '-06:00' },
  { name: 'Mountain', timeZoneOffset: '-07:00' },
  { name: 'Pacific', timeZoneOffset: '-08:00' },
];
const MANUFACTURER_NAMES = [
  'Aldmere Pharmaceuticals',
  'Brightwell Laboratories',
  'Corvane Generics',
  'Delmont Biologics',
];
const DISTRIBUTOR_NAMES = [
  'Harbor Drug Wholesale',
  'Keystone Medical Supply',
  'Prairie Pharma Distribution',
  'Summit Healthcare Logistics',
  'Coastline Wholesale Drug',
  'Granite State Distributors',
];
const TOWNS = [
  'Riverton',
  'Oakdale',
  'Fairview',
  'Lakeside',
  'Millbrook',
  'Westfield',
  'Cedar Falls',
  'Springvale',
  'Ashford',
  'Brookhaven',
  'Elmwood',
  'Kingsport',
  'Maplewood',
  'Northgate',
  'Pinecrest',
  'Redmond',
  'Stonebridge',
  'Glenwood',
  'Hillcrest',
  'Bayview',
];

/** Invents a network of the given size: GS1 Company Prefixes, GLNs and GTINs with valid check digits, regions, routes. */
export function buildSupplyNetwork(random: SeededRandom, size: NetworkSize): SupplyNetwork {
  const usedPrefixes = new Set<string>();
  const companyPrefix = (): string => {
    for (;;) {
      // US-style prefixes: a leading 0 then six digits (seven-digit company prefix).
      const prefix = `0${String(300_000 + random.nextInt(700_000))}`;
      if (!usedPrefixes.has(prefix)) {
        usedPrefixes.add(prefix);
        return prefix;
      }
    }
  };
  const gln = (prefix: string, location: number) => {
    const body = `${prefix}${String(location).padStart(12 - prefix.length, '0')}`;
    return `${body}${gs1CheckDigit(body)}`;
  };
  const pick = <T>(items: readonly T[]): T => items[random.nextInt(items.length)] as T;
  const parties: Party[] = [];

  const manufacturers = Array.from({ length: size.manufacturers }, (_, i): Party => {
    const prefix = companyPrefix();
    return {
      gln: gln(prefix, 1),
      name: MANUFACTURER_NAMES[i % MANUFACTURER_NAMES.length] ?? `Manufacturer ${i}`,
      kind: 'manufacturer',
      region: pick(REGIONS),
      companyPrefix: prefix,
      size: 1,
    };
  });
  const distributors = Array.from({ length: size.distributors }, (_, i): Party => {
    const prefix = companyPrefix();
    return {
      gln: gln(prefix, 10 + i),
      name: DISTRIBUTOR_NAMES[i % DISTRIBUTOR_NAMES.length] ?? `Distributor ${i}`,
      kind: 'distributor',
      region: REGIONS[i % REGIONS.length] ?? (REGIONS[0] as Region),
      companyPrefix: prefix,
      size: 1,
    };
  });
  const dispensers = Array.from({ length: size.dispensers }, (_, i): Party => {
    const hospital = i % 4 === 3;
    const prefix = companyPrefix();
    const region = REGIONS[i % REGIONS.length] as Region;
    const town = TOWNS[i % TOWNS.length] ?? 'Town';
    return {
      gln: gln(prefix, 100 + i),
      name: hospital
        ? `${town} General Hospital`
        : `${town} ${pick(['Pharmacy', 'Drug Store', 'Chemists', 'Apothecary'])}`,
      kind: hospital ? 'hospital' : 'pharmacy',
      region,
      companyPrefix: prefix,
      size: hospital ? 2 + random.nextFloat() * 2 : 0.5 + random.nextFloat(),
    };
  });
  parties.push(...manufacturers, ...distributors, ...dispensers);

  const products = MEDICINE_CATALOG.map((medicine, i): Product => {
    const maker = manufacturers[i % manufacturers.length] as Party;
    const itemReference = String(10_000 + i * 37 + random.nextInt(30)).padStart(5, '0');
    return {
      ...medicine,
      gtin: gtinFromBody(`0${maker.companyPrefix}${itemReference}`),
      manufacturer: maker.gln,
    };
  });

  const routes = dispensers.map((dispenser): SupplyRoute => {
    const local = distributors.filter((d) => d.region.name === dispenser.region.name);
    const primary = local.length > 0 ? pick(local) : pick(distributors);
    const others = distributors.filter(
      (d) => d !== primary && (d.region.name === dispenser.region.name || random.nextFloat() < 0.25),
    );
    const stocked = products.filter((p) =>
      p.setting === 'all'
        ? random.nextFloat() < (dispenser.kind === 'hospital' ? 0.7 : 0.8)
        : dispenser.kind === 'hospital',
    );
    return {
      dispenser: dispenser.gln,
      distributors: [primary.gln, ...others.slice(0, 1).map((d) => d.gln)],
      products: stocked.map((p) => p.gtin),
    };
  });
  return { regions: REGIONS, parties, products, routes };
}
