import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EcgModelFormatError } from '../ecgErrors.ts';
import { readWfdbRecord } from '../wfdb/readWfdbRecord.ts';
import { EcgBeatClassifier } from './EcgBeatClassifier.ts';
import { evaluateInterPatient } from './evaluateInterPatient.ts';
import { labelledBeats } from './labelledBeats.ts';
import { mergeBeatSets } from './mergeBeatSets.ts';

const record = (name: string) =>
  readWfdbRecord(fileURLToPath(new URL(`../../../data/ecg/${name}`, import.meta.url)));

describe('EcgBeatClassifier', async () => {
  const sets = [labelledBeats(await record('208')), labelledBeats(await record('119'))];
  const params = { rounds: 20, maxDepth: 3, seed: 7 };

  it('learns PVCs of one record well enough to find most PVCs of another (inter-patient)', () => {
    const train = mergeBeatSets([sets[0] as (typeof sets)[number]]);
    const test = mergeBeatSets([sets[1] as (typeof sets)[number]]);
    const classifier = EcgBeatClassifier.train(train.features, train.labels, params);
    const predicted = classifier.classify(test.features);
    const pvcs = test.labels.flatMap((label, i) => (label === 'V' ? [predicted[i]] : []));
    expect(pvcs.length).toBeGreaterThan(400);
    expect(pvcs.filter((p) => p === 'V').length / pvcs.length).toBeGreaterThan(0.8);
  });

  it('saves to JSON and loads back an identical classifier; refuses foreign JSON', () => {
    const all = mergeBeatSets(sets);
    const classifier = EcgBeatClassifier.train(all.features, all.labels, params, {
      trainedOn: ['208', '119'],
    });
    const copy = EcgBeatClassifier.fromJson(JSON.parse(JSON.stringify(classifier.toJson())));
    expect(copy.classify(all.features)).toEqual(classifier.classify(all.features));
    expect(copy.provenance.trainedOn).toEqual(['208', '119']);
    expect(() => EcgBeatClassifier.fromJson({ format: 'other', version: 1 })).toThrow(EcgModelFormatError);
  });

  it('evaluates by record: each record is scored by a model that never saw it', () => {
    const evaluation = evaluateInterPatient(sets, params, 2);
    expect(evaluation.folds).toEqual([['208'], ['119']]);
    expect(evaluation.perClass.V.beats).toBe(992 + 444 - missedPvcs());
    expect(evaluation.perClass.N.sensitivity).toBeGreaterThan(0.8);
  });

  function missedPvcs(): number {
    // PVCs the detector missed have no row, so they are not scored by the classifier.
    return 992 + 444 - sets.reduce((n, s) => n + s.labels.filter((l) => l === 'V').length, 0);
  }
});
