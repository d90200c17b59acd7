import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { CkksKeyHolder, ckksAdd, ckksEncrypt, ckksSumInProcess, openCkks } from './ckksAggregation.ts';

describe('CKKS aggregation (node-seal)', () => {
  it('decrypts the sum of encrypted updates to the plain sum, across several ciphertext blocks', async () => {
    const ckks = await openCkks();
    const holder = new CkksKeyHolder(ckks);
    const random = new SeededRandom(7);
    const length = ckks.slots * 2 + 17; // three blocks, the last one partial
    const inputs = Array.from({ length: 5 }, () =>
      Float64Array.from({ length }, () => (random.nextFloat() - 0.5) * 2 * 10_000),
    );
    const sum = ckksSumInProcess(ckks, holder, inputs);
    let worst = 0;
    for (let i = 0; i < length; i++) {
      const expected = inputs.reduce((a, v) => a + (v[i] as number), 0);
      worst = Math.max(worst, Math.abs((sum[i] as number) - expected));
    }
    expect(sum).toHaveLength(length);
    expect(worst).toBeLessThan(1e-5);
  });

  it('keeps each update unreadable to the coordinator: ciphertexts differ from the values and from each other', async () => {
    const ckks = await openCkks();
    const holder = new CkksKeyHolder(ckks);
    const update = Float64Array.from({ length: 10 }, (_, i) => i);
    const [once] = ckksEncrypt(ckks, holder.publicKey, update);
    const [twice] = ckksEncrypt(ckks, holder.publicKey, update);
    // Encryption is randomised: the same update never looks the same twice.
    expect(once).not.toBe(twice);
    // Adding needs no key; only the key holder turns the aggregate back into numbers.
    const total = ckksAdd(ckks, [[once ?? ''], [twice ?? '']]);
    expect(Array.from(holder.decrypt(total, 3)).map((v) => Math.round(v * 1e6) / 1e6 + 0)).toEqual([0, 2, 4]);
    const other = new CkksKeyHolder(ckks);
    expect(Array.from(other.decrypt(total, 3)).some((v, i) => Math.abs(v - 2 * i) < 1e-3)).toBe(false);
  });
});

describe('runFederatedTraining with CKKS', () => {
  it('trains the same model as plain FedAvg, to CKKS precision', async () => {
    const { runFederatedTraining } = await import('../training/runFederatedTraining.ts');
    const { LogisticModel } = await import('../models/LogisticModel.ts');
    const random = new SeededRandom(3);
    const sites = [40, 60, 50].map((rows) => {
      const x = Float64Array.from({ length: rows * 3 }, () => random.nextGaussian());
      const y = Float64Array.from({ length: rows }, (_, r) =>
        (x[r * 3] as number) + 0.5 * (x[r * 3 + 1] as number) > 0 ? 1 : 0,
      );
      return { rowCount: rows, featureCount: 3, x, y };
    });
    const options = {
      model: new LogisticModel(3),
      rounds: 3,
      local: { epochs: 1, batchSize: 16, learningRate: 0.1, optimizer: 'sgd' as const },
      seed: 5,
    };
    const ckks = await openCkks();
    const holder = new CkksKeyHolder(ckks);
    const plain = runFederatedTraining(sites, options);
    const encrypted = runFederatedTraining(sites, {
      ...options,
      homomorphicSum: (inputs) => ckksSumInProcess(ckks, holder, inputs),
    });
    for (let i = 0; i < plain.parameters.length; i++)
      expect(Math.abs((encrypted.parameters[i] as number) - (plain.parameters[i] as number))).toBeLessThan(
        1e-6,
      );
  });
});
