import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';
import { LogisticModel } from '../models/LogisticModel.ts';
import { runFederatedTraining } from '../training/runFederatedTraining.ts';
import { CkksKeyHolder } from './CkksKeyHolder.ts';
import { ckksAdd } from './ckksAdd.ts';
import { ckksEncrypt } from './ckksEncrypt.ts';
import { ckksSumInProcess } from './ckksSumInProcess.ts';
import { CKKS_PARAMETERS, openCkks } from './openCkks.ts';

describe('CKKS aggregation (node-seal)', () => {
  it('decrypts the sum of ten encrypted updates to the plain sum within 1e-6, across several ciphertexts', async () => {
    const ckks = await openCkks();
    const holder = new CkksKeyHolder(ckks);
    const random = new SeededRandom(7);
    const length = ckks.slots * 2 + 17; // three ciphertexts, the last one partial
    const inputs = Array.from({ length: 10 }, () =>
      Float64Array.from({ length }, () => (random.nextFloat() - 0.5) * 2 * 10_000),
    );
    const sum = ckksSumInProcess(ckks, holder, inputs);
    let worst = 0;
    for (let i = 0; i < length; i++) {
      const expected = inputs.reduce((a, v) => a + (v[i] as number), 0);
      worst = Math.max(worst, Math.abs((sum[i] as number) - expected));
    }
    expect(sum).toHaveLength(length);
    expect(worst).toBeLessThan(1e-6);
  });

  it('lets the coordinator add with public parameters only: it holds no key and its own key reads nothing', async () => {
    const holder = new CkksKeyHolder(await openCkks());
    // The secret key is an ES private field: nothing enumerable, serialisable or passed on carries it.
    expect(Object.keys(holder)).toEqual(['publicKey']);
    const site = await openCkks();
    const update = Float64Array.from({ length: 10 }, (_, i) => i);
    const [once] = ckksEncrypt(site, holder.publicKey, update, 2);
    const [twice] = ckksEncrypt(site, holder.publicKey, update, 2);
    // Encryption is randomised: the same update never looks the same twice.
    expect(Buffer.from(once as Uint8Array).equals(twice as Uint8Array)).toBe(false);
    // The coordinator: its own context from the public parameters, the ciphertexts, and nothing else.
    const coordinator = await openCkks();
    const total = ckksAdd(coordinator, [[once as Uint8Array], [twice as Uint8Array]]);
    expect(Array.from(holder.decrypt(total, 3)).map((v) => Math.round(v * 1e6) / 1e6 + 0)).toEqual([0, 2, 4]);
    const impostor = new CkksKeyHolder(coordinator);
    expect(Array.from(impostor.decrypt(total, 3)).some((v, i) => Math.abs(v - 2 * i) < 1e-3)).toBe(false);
  });

  it('refuses values that could wrap the sum, and bytes that are not a ciphertext of the job', async () => {
    const ckks = await openCkks();
    const holder = new CkksKeyHolder(ckks);
    const tooLarge = Float64Array.of(1, CKKS_PARAMETERS.maxAbsSum / 4 + 1);
    expect(() => ckksEncrypt(ckks, holder.publicKey, tooLarge, 4)).toThrow(InvalidFederatedInputError);
    expect(() => ckksEncrypt(ckks, holder.publicKey, Float64Array.of(Number.NaN), 4)).toThrow(
      InvalidFederatedInputError,
    );
    expect(() => ckksAdd(ckks, [[new Uint8Array(64)]])).toThrow(InvalidFederatedInputError);
    // A well-formed header over a body that is not a ciphertext of these parameters: SEAL itself refuses it.
    const [real] = ckksEncrypt(ckks, holder.publicKey, Float64Array.of(1), 1);
    const forged = Uint8Array.from(real as Uint8Array);
    forged.fill(0xff, 16, 64);
    expect(() => ckksAdd(ckks, [[forged]])).toThrow(InvalidFederatedInputError);
    // SEAL is still usable after refusing them.
    expect(ckksSumInProcess(ckks, holder, [Float64Array.of(1), Float64Array.of(2)])[0]).toBeCloseTo(3, 6);
  });
});

describe('runFederatedTraining with CKKS', () => {
  it('trains the same model as plain FedAvg, to CKKS precision', async () => {
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
    expect(encrypted.rounds).toHaveLength(3);
    expect(() =>
      runFederatedTraining(sites, {
        ...options,
        secureAggregation: { clip: 10 },
        homomorphicSum: (inputs) => ckksSumInProcess(ckks, holder, inputs),
      }),
    ).toThrow(InvalidFederatedInputError);
    for (let i = 0; i < plain.parameters.length; i++)
      expect(Math.abs((encrypted.parameters[i] as number) - (plain.parameters[i] as number))).toBeLessThan(
        1e-6,
      );
  });
});
