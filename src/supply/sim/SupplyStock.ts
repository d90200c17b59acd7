/** A run of one lot's serials a party holds: `serials[next..end)`, in commissioning order. */
export type LotRange = {
  gtin: string;
  lot: string;
  expiryDay: number;
  serials: readonly string[];
  next: number;
  end: number;
};

/** One serialised pack on a dispenser's shelf. */
export type Pack = { serial: string; lot: string; expiryDay: number };

/** The lots a manufacturer or distributor holds of one product, first-expiry-first-out. */
export class LotShelf {
  private ranges: LotRange[] = [];

  /** Units on the shelf. */
  get units(): number {
    let total = 0;
    for (const range of this.ranges) total += range.end - range.next;
    return total;
  }

  add(range: LotRange): void {
    if (range.end <= range.next) return;
    this.ranges.push(range);
    this.ranges.sort((a, b) => a.expiryDay - b.expiryDay);
  }

  /** Units that expire on or after `minExpiryDay`: what may still be shipped. */
  unitsExpiringFrom(minExpiryDay: number): number {
    let total = 0;
    for (const range of this.ranges) if (range.expiryDay >= minExpiryDay) total += range.end - range.next;
    return total;
  }

  /** Takes up to `quantity` units, earliest expiry first, from lots expiring on or after `minExpiryDay`. */
  take(quantity: number, minExpiryDay: number): LotRange[] {
    const taken: LotRange[] = [];
    let wanted = quantity;
    for (const range of this.ranges) {
      if (wanted === 0) break;
      if (range.expiryDay < minExpiryDay) continue;
      const count = Math.min(wanted, range.end - range.next);
      if (count === 0) continue;
      taken.push({ ...range, end: range.next + count });
      range.next += count;
      wanted -= count;
    }
    this.ranges = this.ranges.filter((range) => range.end > range.next);
    return taken;
  }

  /** Removes and returns the lots that expired before `today`. */
  removeExpired(today: number): LotRange[] {
    const expired = this.ranges.filter((range) => range.expiryDay < today);
    if (expired.length > 0) this.ranges = this.ranges.filter((range) => range.expiryDay >= today);
    return expired;
  }
}

/** The packs a dispenser holds of one product, first-expiry-first-out. */
export class PackShelf {
  private packs: Pack[] = [];

  get units(): number {
    return this.packs.length;
  }

  add(packs: readonly Pack[]): void {
    const last = this.packs.at(-1);
    this.packs.push(...packs);
    if (last && packs.some((pack) => pack.expiryDay < last.expiryDay))
      this.packs.sort((a, b) => a.expiryDay - b.expiryDay);
  }

  take(count: number): Pack[] {
    return this.packs.splice(0, count);
  }

  /** Removes and returns the packs that expired before `today`. */
  removeExpired(today: number): Pack[] {
    let n = 0;
    while (n < this.packs.length && (this.packs[n] as Pack).expiryDay < today) n++;
    return this.packs.splice(0, n);
  }
}

/** The packs of lot ranges, for a serial shipment. */
export function packsOf(ranges: readonly LotRange[]): Pack[] {
  const packs: Pack[] = [];
  for (const range of ranges)
    for (let i = range.next; i < range.end; i++)
      packs.push({ serial: range.serials[i] as string, lot: range.lot, expiryDay: range.expiryDay });
  return packs;
}
