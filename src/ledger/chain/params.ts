import { RpcError, RpcErrorCode } from '../rpc/RpcError.ts';

/**
 * Validation of JSON-RPC parameters. Each helper names the parameter in its error so a developer can act on it:
 * `-32602 invalid params: "address" must be a 20-byte 0x-hex string`.
 */
export type BlockTag = 'latest' | 'earliest' | 'pending' | 'safe' | 'finalized';
/** A block selector: a tag, a number, or (EIP-1898) a hash. */
export type BlockRef = { tag: BlockTag } | { number: bigint } | { hash: string };

const hexQuantity = /^0x(0|[1-9a-fA-F][0-9a-fA-F]*)$/;
const hexData = /^0x([0-9a-fA-F]{2})*$/;
const TAGS = new Set<string>(['latest', 'earliest', 'pending', 'safe', 'finalized']);

/** The RPC error for a bad parameter. */
export const invalidParams = (message: string): RpcError =>
  new RpcError(RpcErrorCode.InvalidParams, `invalid params: ${message}`);

/** Checks the parameter count: at least `min`, at most `max`. */
export function expectParams(params: readonly unknown[], min: number, max: number, usage: string): void {
  if (params.length < min || params.length > max) {
    throw invalidParams(`expected ${usage}, got ${params.length} parameter${params.length === 1 ? '' : 's'}`);
  }
}

/** A 0x-hex quantity (no leading zeros, as the spec requires; we also accept them, as geth does). */
export function parseQuantity(value: unknown, name: string): bigint {
  if (typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value) && value.length <= 66) return BigInt(value);
  throw invalidParams(`"${name}" must be a 0x-hex quantity, got ${describe(value)}`);
}

/** A quantity that must fit a JavaScript number (indexes, counts). */
export function parseSmallQuantity(value: unknown, name: string): number {
  const n = parseQuantity(value, name);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidParams(`"${name}" is too large`);
  return Number(n);
}

/** 0x-hex bytes of even length. */
export function parseData(value: unknown, name: string): string {
  if (typeof value === 'string' && hexData.test(value)) return value.toLowerCase();
  throw invalidParams(`"${name}" must be 0x-prefixed hex bytes, got ${describe(value)}`);
}

/** A 20-byte address, lower-cased. */
export function parseAddress(value: unknown, name: string): string {
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value)) return value.toLowerCase();
  throw invalidParams(`"${name}" must be a 20-byte 0x-hex address, got ${describe(value)}`);
}

/** A 32-byte hash, lower-cased. */
export function parseHash(value: unknown, name: string): string {
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase();
  throw invalidParams(`"${name}" must be a 32-byte 0x-hex hash, got ${describe(value)}`);
}

/** A boolean flag. */
export function parseBoolean(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  throw invalidParams(`"${name}" must be true or false, got ${describe(value)}`);
}

/** A block tag, number, or EIP-1898 object `{ blockNumber }` / `{ blockHash }`; missing means `latest`. */
export function parseBlockRef(value: unknown, name = 'block'): BlockRef {
  if (value === undefined || value === null) return { tag: 'latest' };
  if (typeof value === 'string') {
    if (TAGS.has(value)) return { tag: value as BlockTag };
    if (hexQuantity.test(value) || /^0x[0-9a-fA-F]+$/.test(value))
      return { number: parseQuantity(value, name) };
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const o = value as { blockNumber?: unknown; blockHash?: unknown };
    if (o.blockHash !== undefined) return { hash: parseHash(o.blockHash, `${name}.blockHash`) };
    if (o.blockNumber !== undefined) return parseBlockRef(o.blockNumber, `${name}.blockNumber`);
  }
  throw invalidParams(
    `"${name}" must be a block number (0x-hex) or one of latest, earliest, pending, safe, finalized; got ${describe(value)}`,
  );
}

/** An object parameter (call request, filter). */
export function parseObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw invalidParams(`"${name}" must be an object, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
