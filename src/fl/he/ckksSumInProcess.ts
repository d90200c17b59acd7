import type { CkksKeyHolder } from './CkksKeyHolder.ts';
import { ckksAdd } from './ckksAdd.ts';
import { ckksEncrypt } from './ckksEncrypt.ts';
import type { CkksContext } from './openCkks.ts';

/**
 * One CKKS aggregation in process (tests, the benchmark, `runFederatedTraining`'s `homomorphicSum`): every input is
 * encrypted as its site would, the coordinator adds them keyless, and the key holder decrypts only the sum.
 */
export function ckksSumInProcess(
  ckks: CkksContext,
  holder: CkksKeyHolder,
  inputs: readonly Float64Array[],
): Float64Array {
  const length = inputs[0]?.length ?? 0;
  const encrypted = inputs.map((input) => ckksEncrypt(ckks, holder.publicKey, input, inputs.length));
  return holder.decrypt(ckksAdd(ckks, encrypted), length);
}
