import { type Abi, decodeErrorResult, type Hex } from 'viem';

/** What a node's answer to `eth_sendRawTransaction` / `eth_estimateGas` means for the client. */
export type NodeErrorKind =
  /** The node could not be reached: nothing is known about the request. */
  | 'unavailable'
  /** The nonce was already used (mined, or held by another transaction in the pool). */
  | 'nonceUsed'
  /** The node already holds exactly this transaction (a retried send): a success. */
  | 'alreadyKnown'
  /** The fee cap is below the base fee or the minimum gas price: new fees may fix it. */
  | 'feeTooLow'
  /** The EVM reverted (estimate or call). */
  | 'reverted'
  /** Any other refusal (insufficient funds, wrong chain id, bad signature, pool full). */
  | 'rejected';

const unavailableNames = new Set([
  'HttpRequestError',
  'TimeoutError',
  'WebSocketRequestError',
  'SocketClosedError',
  'LedgerUnavailableError',
]);
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

// Messages of geth, Besu, Nethermind, ethereumjs and the embedded chain for the same conditions.
const alreadyKnown =
  /already known|known transaction|already imported|already in (the )?(tx|transaction)?\s?pool/i;
const nonceUsed =
  /nonce too low|nonce has already been used|incorrect nonce|replacement transaction underpriced|replacement.*underpriced|transaction underpriced.*replace/i;
const feeTooLow =
  /max fee per gas less than block base fee|fee cap less than block base fee|gas price (is )?(too low|below)|less than (the )?(block )?base ?fee|underpriced|fee too low/i;

/** Every error in the cause chain, outermost first. */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 16) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

/** All messages (and viem `details`) along the cause chain, for matching node error texts. */
export function errorText(error: unknown): string {
  return causeChain(error)
    .map((e) => {
      if (!(e instanceof Error)) return String(e);
      const details = (e as { details?: unknown }).details;
      return typeof details === 'string' ? `${e.message}\n${details}` : e.message;
    })
    .join('\n');
}

/** Classifies a node's error by JSON-RPC code and message, the only things every client shares. */
export function classifyNodeError(error: unknown): NodeErrorKind {
  const chain = causeChain(error);
  for (const e of chain) {
    if (!(e instanceof Error)) continue;
    if (unavailableNames.has(e.name)) return 'unavailable';
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && unavailableCodes.has(code)) return 'unavailable';
  }
  if (revertDataOf(error) !== undefined) return 'reverted';
  const text = errorText(error);
  if (alreadyKnown.test(text)) return 'alreadyKnown';
  if (nonceUsed.test(text)) return 'nonceUsed';
  if (feeTooLow.test(text)) return 'feeTooLow';
  if (
    chain.some((e) => (e as { code?: unknown } | null)?.code === 3) ||
    /execution reverted|revert/i.test(text)
  ) {
    return 'reverted';
  }
  return 'rejected';
}

/** The revert bytes a node attached to an error (`error.data` as hex, or `{ data: hex }`), if any. */
export function revertDataOf(error: unknown): Hex | undefined {
  for (const e of causeChain(error)) {
    if (typeof e !== 'object' || e === null) continue;
    const data = (e as { data?: unknown }).data;
    if (isRevertBytes(data)) return data;
    if (typeof data === 'object' && data !== null) {
      const inner = (data as { data?: unknown }).data;
      if (isRevertBytes(inner)) return inner;
    }
  }
  return undefined;
}

/** Decodes revert bytes against an ABI (plus `Error(string)` and `Panic(uint256)`); undefined when unknown. */
export function decodeRevertData(
  abi: Abi | readonly unknown[],
  data: Hex,
): { errorName: string; args: readonly unknown[] } | undefined {
  try {
    const decoded = decodeErrorResult({ abi: abi as Abi, data });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return undefined;
  }
}

function isRevertBytes(value: unknown): value is Hex {
  return typeof value === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(value) && value.length >= 2;
}
