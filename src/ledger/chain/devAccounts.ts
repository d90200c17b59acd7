import type { Address, Hex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { bytesToHex } from 'viem/utils';

/**
 * The well-known development mnemonic (Hardhat, Anvil, Foundry). Its keys are public: they fund the
 * development chain only, so every Ethereum tool works against it out of the box. Never use them on a real network.
 */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/** A development account: address and (public, well-known) private key. */
export type DevAccount = { address: Address; privateKey: Hex };

// Each derivation runs the mnemonic's PBKDF2 (tens of ms); every in-memory test chain needs the same ten.
const derived: DevAccount[] = [];

/** The first `count` accounts of the development mnemonic (m/44'/60'/0'/0/i). */
export function devAccounts(count = 10): DevAccount[] {
  for (let addressIndex = derived.length; addressIndex < count; addressIndex++) {
    const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex });
    const key = account.getHdKey().privateKey;
    if (!key) throw new Error('HD key without private key');
    derived.push({ address: account.address, privateKey: bytesToHex(key) });
  }
  return derived.slice(0, count).map((a) => ({ ...a }));
}
