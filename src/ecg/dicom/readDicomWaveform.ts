import type { EcgLead, EcgRecord } from '../EcgRecord.ts';
import { DicomWaveformError } from '../ecgErrors.ts';
import { type DicomDataSet, type DicomElement, dicomNumbers, dicomString, parseDicom } from './parseDicom.ts';

const WAVEFORM_SEQUENCE = 0x54000100;
const CHANNEL_COUNT = 0x003a0005;
const SAMPLE_COUNT = 0x003a0010;
const SAMPLING_FREQUENCY = 0x003a001a;
const GROUP_LABEL = 0x003a0020;
const CHANNEL_DEFINITIONS = 0x003a0200;
const CHANNEL_LABEL = 0x003a0203;
const CHANNEL_SOURCE = 0x003a0208;
const CHANNEL_SENSITIVITY = 0x003a0210;
const SENSITIVITY_UNITS = 0x003a0211;
const SENSITIVITY_CORRECTION = 0x003a0212;
const CHANNEL_BASELINE = 0x003a0213;
const CODE_VALUE = 0x00080100;
const CODE_MEANING = 0x00080104;
const BITS_ALLOCATED = 0x54001004;
const SAMPLE_INTERPRETATION = 0x54001006;
const WAVEFORM_DATA = 0x54001010;

/** Sensitivity units (UCUM codes the standard uses) → millivolts. */
const MILLIVOLTS_PER_UNIT: Record<string, number> = { uV: 1e-3, mV: 1, V: 1e3 };

const numberOf = (set: DicomDataSet, tag: number, fallback?: number): number => {
  const element = set.get(tag);
  const value = element ? dicomNumbers(element)[0] : undefined;
  if (value !== undefined) return value;
  if (fallback !== undefined) return fallback;
  throw new DicomWaveformError('DICOM waveform lacks a required attribute', {
    details: [`tag ${tag.toString(16).padStart(8, '0')}`],
  });
};

const firstItem = (element: DicomElement | undefined): DicomDataSet | undefined => element?.items?.[0];

/**
 * Reads the ECG in a DICOM waveform file (12-lead, general or ambulatory ECG IODs): the first multiplex group of
 * the WaveformSequence that has samples (a "RHYTHM" group is preferred over median beats), its channels
 * de-interleaved and scaled to millivolts as `(sample + baseline) × sensitivity × correction`.
 */
export function readDicomWaveform(bytes: Uint8Array, name: string): EcgRecord {
  const { dataSet } = parseDicom(bytes);
  const groups = dataSet.get(WAVEFORM_SEQUENCE)?.items ?? [];
  const playable = groups.filter((g) => g.has(WAVEFORM_DATA));
  const group =
    playable.find((g) => {
      const label = g.get(GROUP_LABEL);
      return label !== undefined && dicomString(label).toUpperCase() === 'RHYTHM';
    }) ?? playable[0];
  if (!group) throw new DicomWaveformError('DICOM file has no waveform (no WaveformSequence with data)');
  const channels = numberOf(group, CHANNEL_COUNT);
  const samples = numberOf(group, SAMPLE_COUNT);
  const fs = numberOf(group, SAMPLING_FREQUENCY);
  const bits = numberOf(group, BITS_ALLOCATED);
  const interpretation = dicomString(group.get(SAMPLE_INTERPRETATION) as DicomElement);
  if (
    !(bits === 16 && (interpretation === 'SS' || interpretation === 'US')) &&
    !(bits === 8 && interpretation === 'SB')
  )
    throw new DicomWaveformError('DICOM waveform sample encoding is not supported', {
      details: [`${bits} bits, interpretation ${interpretation}: 16-bit SS/US and 8-bit SB are read`],
    });
  if (channels < 1 || samples < 1 || fs <= 0)
    throw new DicomWaveformError('DICOM waveform has no channels, no samples or no sampling frequency');
  const data = (group.get(WAVEFORM_DATA) as DicomElement).value;
  const bytesPerSample = bits / 8;
  if (data.length < channels * samples * bytesPerSample)
    throw new DicomWaveformError('DICOM waveform data is shorter than its channel and sample counts say');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read =
    bits === 8
      ? (i: number) => view.getInt8(i)
      : interpretation === 'SS'
        ? (i: number) => view.getInt16(i * 2, true)
        : (i: number) => view.getUint16(i * 2, true);
  const definitions = group.get(CHANNEL_DEFINITIONS)?.items ?? [];
  const leads: EcgLead[] = [];
  for (let c = 0; c < channels; c++) {
    const definition: DicomDataSet = definitions[c] ?? new Map();
    const units = firstItem(definition.get(SENSITIVITY_UNITS))?.get(CODE_VALUE);
    const scale =
      numberOf(definition, CHANNEL_SENSITIVITY, 1) *
      numberOf(definition, SENSITIVITY_CORRECTION, 1) *
      (units ? (MILLIVOLTS_PER_UNIT[dicomString(units)] ?? 1) : 1e-3);
    const baseline = numberOf(definition, CHANNEL_BASELINE, 0);
    const millivolts = new Float32Array(samples);
    for (let s = 0; s < samples; s++) millivolts[s] = (read(s * channels + c) + baseline) * scale;
    leads.push({ name: channelName(definition, c), millivolts });
  }
  return { name, fs, leads };
}

function channelName(definition: DicomDataSet, index: number): string {
  const source = firstItem(definition.get(CHANNEL_SOURCE))?.get(CODE_MEANING);
  if (source) return dicomString(source);
  const label = definition.get(CHANNEL_LABEL);
  return label ? dicomString(label) : `channel ${index + 1}`;
}
