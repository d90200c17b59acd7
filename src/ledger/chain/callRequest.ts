import { type Address, createAddressFromString, createZeroAddress, hexToBytes } from '@ethereumjs/util';
import { invalidParams, parseAddress, parseData, parseObject, parseQuantity } from './params.ts';

/** The transaction-like object of `eth_call` and `eth_estimateGas`, validated. */
export type CallRequest = {
  from: Address;
  to: Address | undefined;
  data: Uint8Array;
  value: bigint;
  gas: bigint | undefined;
  gasPrice: bigint | undefined;
  maxFeePerGas: bigint | undefined;
  maxPriorityFeePerGas: bigint | undefined;
};

const optional = <T>(value: unknown, parse: (v: unknown) => T): T | undefined =>
  value === undefined || value === null ? undefined : parse(value);

/** Parses a call object; `data` and `input` are synonyms (they must agree when both are given). */
export function parseCallRequest(value: unknown, name = 'transaction'): CallRequest {
  const o = parseObject(value, name);
  const data = optional(o.data, (v) => parseData(v, `${name}.data`));
  const input = optional(o.input, (v) => parseData(v, `${name}.input`));
  if (data !== undefined && input !== undefined && data !== input) {
    throw invalidParams(`"${name}.data" and "${name}.input" are both set and differ`);
  }
  const from = optional(o.from, (v) => parseAddress(v, `${name}.from`));
  const to = optional(o.to, (v) => parseAddress(v, `${name}.to`));
  return {
    from: from ? createAddressFromString(from) : createZeroAddress(),
    to: to ? createAddressFromString(to) : undefined,
    data: hexToBytes((input ?? data ?? '0x') as `0x${string}`),
    value: optional(o.value, (v) => parseQuantity(v, `${name}.value`)) ?? 0n,
    gas: optional(o.gas, (v) => parseQuantity(v, `${name}.gas`)),
    gasPrice: optional(o.gasPrice, (v) => parseQuantity(v, `${name}.gasPrice`)),
    maxFeePerGas: optional(o.maxFeePerGas, (v) => parseQuantity(v, `${name}.maxFeePerGas`)),
    maxPriorityFeePerGas: optional(o.maxPriorityFeePerGas, (v) =>
      parseQuantity(v, `${name}.maxPriorityFeePerGas`),
    ),
  };
}
