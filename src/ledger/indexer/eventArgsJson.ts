/**
 * Serialises decoded event arguments for `ledger_events.args_json`: bigints become decimal strings (JSON has no
 * integers beyond 2^53), byte arrays become hex; everything else as JSON. The encoding is stable, so a query can
 * compare `json_extract(args_json, '$.amount')` with a decimal string.
 */
export function eventArgsJson(args: unknown): string {
  return JSON.stringify(args ?? {}, (_key, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`;
    return value;
  });
}
