import type { PrivateKeyAccount } from 'viem/accounts';

/** EIP-712 typed data as the node sends it (`eth_signTypedData_v4` JSON: big integers as decimal strings). */
export type TypedDataJson = {
  domain: Record<string, unknown>;
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Record<string, unknown>;
};

/** Signs the node's typed data with the patient's key, turning integer fields back into bigints for viem. */
export function signTypedDataJson(account: PrivateKeyAccount, typed: TypedDataJson): Promise<`0x${string}`> {
  const { EIP712Domain: _domain, ...types } = typed.types;
  const fields = types[typed.primaryType] ?? [];
  const message: Record<string, unknown> = { ...typed.message };
  for (const { name, type } of fields)
    if (/^u?int\d*$/.test(type) && message[name] !== undefined) message[name] = BigInt(String(message[name]));
  // The shape is only known at run time, so the call is typed loosely; viem checks it against `types` itself.
  const sign = account.signTypedData as (parameters: Record<string, unknown>) => Promise<`0x${string}`>;
  return sign({
    domain: { ...typed.domain, chainId: Number(typed.domain.chainId) },
    types,
    primaryType: typed.primaryType,
    message,
  });
}
