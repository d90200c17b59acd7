/** One line of the benchmark report. */
export type BenchRow = { benchmark: string; value: string; unit: string; target: string; note?: string };

/** Prints rows as an aligned plain-text table (stable for copying into notes). */
export function printTable(rows: readonly BenchRow[]): void {
  const headers = ['benchmark', 'value', 'unit', 'target', 'note'] as const;
  const cells = rows.map((row) => headers.map((h) => row[h] ?? ''));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(headers));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const c of cells) console.log(line(c));
}

/** Percentile of a sorted-on-demand sample (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
