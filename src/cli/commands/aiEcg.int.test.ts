import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const caduceus = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, maxBuffer: 1 << 24 });

describe('caduceus ai ecg', () => {
  it('analyses a MIT-BIH record and ends with the beats as JSON', async () => {
    const { stdout } = await caduceus('ai', 'ecg', '--record', 'data/ecg/119', '--json');
    expect(stdout).toMatch(/heart rate: \d+\.\d bpm/);
    expect(stdout).toMatch(/SDNN \d+\.\d ms/);
    const last = JSON.parse(stdout.trim().split('\n').at(-1) as string) as {
      fs: number;
      beats: { sample: number; class: string }[];
    };
    expect(last.fs).toBe(360);
    expect(last.beats.length).toBeGreaterThan(1950);
    expect(last.beats.length).toBeLessThan(2020);
    // Record 119 has 444 PVCs (in the shipped model's training set: a smoke test, not an evaluation).
    expect(last.beats.filter((b) => b.class === 'V').length).toBeGreaterThan(350);
    expect(stdout).toMatch(/ventricular runs \(3\+ consecutive V beats\): none/); // bigeminy: never 3 in a row
  }, 60_000);

  it('reports runs of ventricular beats in a record with ventricular tachycardia (203)', async () => {
    const { stdout } = await caduceus('ai', 'ecg', '--record', 'data/ecg/203');
    expect(stdout).toMatch(/ventricular runs \(3\+ consecutive V beats\): \d+, longest \d+ beats/);
    expect(stdout).toMatch(/not a diagnosis/);
  }, 60_000);

  it('analyses a DICOM 12-lead waveform at 1 kHz', async () => {
    const { stdout } = await caduceus('ai', 'ecg', '--record', 'data/dicom/waveform_ecg.dcm', '--json');
    expect(stdout).toMatch(/12 lead\(s\)/);
    const last = JSON.parse(stdout.trim().split('\n').at(-1) as string) as { fs: number; beats: unknown[] };
    expect(last.fs).toBe(1000);
    expect(last.beats.length).toBeGreaterThanOrEqual(8);
    expect(last.beats.length).toBeLessThanOrEqual(20);
  }, 60_000);

  it('prints a DICOM ECG as a FHIR Observation for a patient, and refuses a malformed patient id', async () => {
    const { stdout } = await caduceus(
      'ai',
      'ecg',
      '--record',
      'data/dicom/waveform_ecg.dcm',
      '--fhir',
      '--patient',
      'p7',
    );
    const observation = JSON.parse(stdout) as {
      resourceType: string;
      subject: { reference: string };
      component: unknown[];
    };
    expect(observation.resourceType).toBe('Observation');
    expect(observation.subject.reference).toBe('Patient/p7');
    expect(observation.component.length).toBeGreaterThan(12);
    await expect(
      caduceus('ai', 'ecg', '--record', 'data/dicom/waveform_ecg.dcm', '--fhir', '--patient', '../x'),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/must be a FHIR id/) });
  }, 60_000);

  it('fails with a clear message for a missing record', async () => {
    await expect(caduceus('ai', 'ecg', '--record', 'data/ecg/none')).rejects.toMatchObject({
      stderr: expect.stringMatching(/ECG record not found/),
    });
  }, 60_000);
});
