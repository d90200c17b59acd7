import { type Command, InvalidArgumentError } from 'commander';
import { analyzeEcg } from '../../ecg/analyzeEcg.ts';
import { loadEcgBeatClassifier } from '../../ecg/classify/loadEcgBeatClassifier.ts';
import { ecgObservation } from '../../ecg/ecgObservation.ts';
import { readEcgRecord } from '../../ecg/readEcgRecord.ts';
import { ventricularRuns } from '../../ecg/ventricularRuns.ts';

type AiEcgOptions = { record: string; json?: boolean; fhir?: boolean; patient?: string; model?: string };

const parsePatientId = (value: string): string => {
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(value))
    throw new InvalidArgumentError('must be a FHIR id (A-Z a-z 0-9 - .)');
  return value;
};

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/**
 * `caduceus ai ecg --record PATH [--json]`: R peaks, heart rate, HRV and AAMI beat classes of a MIT-BIH/WFDB record
 * (path without extension) or a DICOM waveform ECG. With `--json` the last line is `{"fs":…,"beats":[…]}`.
 * Finds the `ai` group if another command file built it, or builds it.
 */
export function registerAiEcgCommand(program: Command): void {
  const ai =
    program.commands.find((c) => c.name() === 'ai') ?? program.command('ai').description('clinical AI tools');
  ai.command('ecg')
    .description('detect beats in an ECG (WFDB record or DICOM waveform) and classify them into AAMI classes')
    .requiredOption('--record <path>', 'WFDB record path without extension, or a .dcm DICOM waveform file')
    .option('--json', 'end with one JSON line: {"fs":…,"beats":[{"sample":…,"class":"N"},…]}')
    .option(
      '--fhir',
      'print the analysis as a FHIR R4 Observation (waveform window, measurements, findings) instead',
    )
    .option('--patient <id>', 'with --fhir: the Patient the ECG belongs to', parsePatientId)
    .option('--model <file>', 'beat classifier JSON (default: data/models/ecg-beat-classifier.json)')
    .action(async (options: AiEcgOptions) => {
      const [record, classifier] = await Promise.all([
        readEcgRecord(options.record),
        loadEcgBeatClassifier(options.model),
      ]);
      const analysis = analyzeEcg(record, classifier);
      if (options.fhir) {
        const subject = options.patient ? { subject: `Patient/${options.patient}` } : {};
        console.log(JSON.stringify(ecgObservation(record, analysis, subject), null, 2));
        return;
      }
      const { hrv, counts } = analysis;
      console.log(
        `ECG ${analysis.record}: ${analysis.leads.length} lead(s) (${analysis.leads.join(', ')}), ${analysis.fs} Hz, ${fixed(analysis.durationSeconds, 1)} s`,
      );
      console.log(`beats: ${hrv.beats}   heart rate: ${fixed(hrv.heartRate, 1)} bpm (normal-to-normal)`);
      console.log(
        `HRV: SDNN ${fixed(hrv.sdnnMs, 1)} ms   RMSSD ${fixed(hrv.rmssdMs, 1)} ms   pNN50 ${fixed(hrv.pnn50 * 100, 1)} %`,
      );
      console.log(
        `classes: ${Object.entries(counts)
          .map(([c, n]) => `${c} ${n}`)
          .join('   ')}`,
      );
      const runs = ventricularRuns(analysis.beats);
      const longest = Math.max(0, ...runs.map((r) => r.beats));
      console.log(
        runs.length === 0
          ? 'ventricular runs (3+ consecutive V beats): none'
          : `ventricular runs (3+ consecutive V beats): ${runs.length}, longest ${longest} beats, first at ${fixed(
              (runs[0]?.startSample ?? 0) / analysis.fs,
              1,
            )} s: review the ECG (an automated finding, not a diagnosis)`,
      );
      if (options.json)
        console.log(
          JSON.stringify({
            fs: analysis.fs,
            beats: analysis.beats.map((b) => ({ sample: b.sample, class: b.class })),
          }),
        );
    });
}
