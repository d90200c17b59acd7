import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';
import { unlockPatientKey } from './keyVault.ts';

/** The unlocked patient key for this page's lifetime only (never stored unencrypted, never sent). */
let unlocked: PrivateKeyAccount | undefined;

export const currentPatientAccount = () => unlocked;

export function setPatientAccount(privateKey: `0x${string}` | undefined): PrivateKeyAccount | undefined {
  unlocked = privateKey ? privateKeyToAccount(privateKey) : undefined;
  return unlocked;
}

/** The unlocked key, or the stored one unlocked with the passphrase. */
export async function patientAccount(passphrase: string | undefined): Promise<PrivateKeyAccount> {
  if (unlocked) return unlocked;
  if (!passphrase) throw new Error('Enter your passphrase to sign');
  return setPatientAccount(await unlockPatientKey(passphrase)) as PrivateKeyAccount;
}
