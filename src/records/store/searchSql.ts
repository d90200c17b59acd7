import type { RangeBound, RecordSearch } from './RecordStore.ts';
import { VERSION_SELECT } from './versionRow.ts';

/** SQL text with `?` placeholders (PostgreSQL numbers them) and its parameters, in order. */
export type SqlQuery = { text: string; params: unknown[] };

const OPS = { gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

function bounds(column: string, bound: RangeBound | undefined, where: string[], params: unknown[]): void {
  for (const key of ['gt', 'ge', 'lt', 'le'] as const) {
    const value = bound?.[key];
    if (value === undefined) continue;
    where.push(`${column} ${OPS[key]} ?`);
    params.push(value);
  }
}

/**
 * Builds the page and total queries of a `RecordSearch` over `record_heads` (one row per resource, its current
 * version), shared by the SQLite and PostgreSQL stores so both answer every search the same way.
 * `notDeleted` is the dialect's test of the head's deleted flag.
 */
export function searchSql(query: RecordSearch, notDeleted: string): { page: SqlQuery; total: SqlQuery } {
  const where = ['h.resource_type = ?', notDeleted];
  const params: unknown[] = [query.resourceType];
  if (query.ids !== undefined) {
    if (query.ids.length === 0) where.push('1 = 0');
    else {
      where.push(`h.id IN (${query.ids.map(() => '?').join(', ')})`);
      params.push(...query.ids);
    }
  }
  bounds('h.last_updated', query.lastUpdated, where, params);
  for (const token of query.tokens ?? []) {
    const tokenParams: unknown[] = [token.param];
    const alternatives = token.anyOf.map((match) => {
      const parts: string[] = [];
      if (match.system === null) parts.push('t.system IS NULL');
      else if (match.system !== undefined) {
        parts.push('t.system = ?');
        tokenParams.push(match.system);
      }
      if (match.value !== undefined) {
        parts.push('t.value = ?');
        tokenParams.push(match.value);
      }
      return parts.length === 0 ? '1 = 1' : `(${parts.join(' AND ')})`;
    });
    if (alternatives.length === 0) {
      where.push('1 = 0');
      continue;
    }
    where.push(`EXISTS (SELECT 1 FROM search_tokens t WHERE t.resource_type = h.resource_type AND t.id = h.id
      AND t.param = ? AND (${alternatives.join(' OR ')}))`);
    params.push(...tokenParams);
  }
  for (const date of query.dates ?? []) {
    const conditions: string[] = [];
    const dateParams: unknown[] = [date.param];
    bounds('d.range_start', date.start, conditions, dateParams);
    bounds('d.range_end', date.end, conditions, dateParams);
    where.push(`EXISTS (SELECT 1 FROM search_dates d WHERE d.resource_type = h.resource_type AND d.id = h.id
      AND d.param = ?${conditions.map((condition) => ` AND ${condition}`).join('')})`);
    params.push(...dateParams);
  }
  const whereText = where.join(' AND ');
  const direction = query.descending ? 'DESC' : 'ASC';
  const sort = query.sort ?? { by: '_lastUpdated' };
  const orderParams: unknown[] = [];
  let order = `h.last_updated ${direction}, h.id ${direction}`;
  if (sort.by === 'date') {
    order = `(SELECT MIN(d.range_start) FROM search_dates d WHERE d.resource_type = h.resource_type AND d.id = h.id
      AND d.param = ?) ${direction} NULLS LAST, h.id ${direction}`;
    orderParams.push(sort.param);
  }
  return {
    page: {
      text: `${VERSION_SELECT}
        JOIN record_heads h ON h.resource_type = v.resource_type AND h.id = v.id AND h.version_id = v.version_id
        WHERE ${whereText} ORDER BY ${order} LIMIT ? OFFSET ?`,
      params: [...params, ...orderParams, query.count, query.offset ?? 0],
    },
    total: { text: `SELECT COUNT(*) AS total FROM record_heads h WHERE ${whereText}`, params },
  };
}
