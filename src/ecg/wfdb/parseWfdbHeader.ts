import { WfdbHeaderError } from '../ecgErrors.ts';

/** One signal line of a WFDB header: where the samples are, how they are stored and how to scale them. */
export type WfdbSignalSpec = {
  readonly fileName: string;
  /** Storage format (212 = two 12-bit samples in three bytes, 16 = 16-bit little endian, …). */
  readonly format: number;
  /** Bytes to skip at the start of the signal file. */
  readonly byteOffset: number;
  /** ADC units per physical unit. */
  readonly gain: number;
  /** ADC value that corresponds to 0 physical units. */
  readonly baseline: number;
  readonly units: string;
  readonly adcResolution: number;
  readonly adcZero: number;
  readonly initialValue: number;
  readonly checksum?: number;
  readonly description: string;
};

/** A parsed WFDB header (`.hea`): the record line and one spec per signal. */
export type WfdbHeader = {
  readonly recordName: string;
  readonly signalCount: number;
  /** Samples per second per signal. */
  readonly fs: number;
  /** Samples per signal, when the header says (0 means "read to the end of the file"). */
  readonly sampleCount: number;
  readonly signals: readonly WfdbSignalSpec[];
};

/** WFDB's defaults when a header leaves a field out (see the `header(5)` manual page). */
const DEFAULT_FS = 250;
const DEFAULT_GAIN = 200;

const parseNumber = (text: string, what: string, line: string): number => {
  const value = Number(text);
  if (!Number.isFinite(value))
    throw new WfdbHeaderError(`WFDB header: ${what} is not a number`, { details: [line] });
  return value;
};

/**
 * Parses a single-segment WFDB header. Multi-segment records (`name/segments`) are refused: MIT-BIH and most ECG
 * databases are single-segment, and a partial reading would be silently wrong.
 */
export function parseWfdbHeader(text: string): WfdbHeader {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const recordLine = lines[0];
  if (recordLine === undefined) throw new WfdbHeaderError('WFDB header: no record line');
  const [nameField = '', signalsField, fsField, sampleField] = recordLine.split(/\s+/);
  if (nameField.includes('/'))
    throw new WfdbHeaderError('WFDB header: multi-segment records are not supported', {
      details: [recordLine],
    });
  if (signalsField === undefined) throw new WfdbHeaderError('WFDB header: record line has no signal count');
  const signalCount = parseNumber(signalsField, 'signal count', recordLine);
  // "360/1440(0)" carries a counter frequency and base after the sampling frequency; only the first part matters here.
  const fs =
    fsField === undefined
      ? DEFAULT_FS
      : parseNumber(fsField.split('/')[0] ?? '', 'sampling frequency', recordLine);
  if (fs <= 0)
    throw new WfdbHeaderError('WFDB header: sampling frequency must be positive', { details: [recordLine] });
  const sampleCount = sampleField === undefined ? 0 : parseNumber(sampleField, 'sample count', recordLine);
  const signalLines = lines.slice(1, 1 + signalCount);
  if (signalLines.length !== signalCount)
    throw new WfdbHeaderError(
      `WFDB header: expected ${signalCount} signal lines, found ${signalLines.length}`,
    );
  return {
    recordName: nameField,
    signalCount,
    fs,
    sampleCount,
    signals: signalLines.map(parseSignalLine),
  };
}

function parseSignalLine(line: string): WfdbSignalSpec {
  const fields = line.split(/\s+/);
  const [
    fileName = '',
    formatField,
    gainField,
    resField,
    zeroField,
    initField,
    checksumField,
    _block,
    ...rest
  ] = fields;
  if (formatField === undefined)
    throw new WfdbHeaderError('WFDB header: signal line has no format', { details: [line] });
  // format[xsamp][:skew][+offset]
  const formatMatch = /^(\d+)(?:x\d+)?(?::\d+)?(?:\+(\d+))?$/.exec(formatField);
  if (!formatMatch) throw new WfdbHeaderError('WFDB header: malformed signal format', { details: [line] });
  const adcZero = zeroField === undefined ? 0 : parseNumber(zeroField, 'ADC zero', line);
  let gain = DEFAULT_GAIN;
  let baseline = adcZero;
  let units = 'mV';
  if (gainField !== undefined) {
    // adcgain[(baseline)][/units]
    const gainMatch = /^([-+\d.eE]+)(?:\(([-+\d]+)\))?(?:\/(\S+))?$/.exec(gainField);
    if (!gainMatch) throw new WfdbHeaderError('WFDB header: malformed ADC gain', { details: [line] });
    const parsedGain = parseNumber(gainMatch[1] ?? '', 'ADC gain', line);
    gain = parsedGain === 0 ? DEFAULT_GAIN : parsedGain;
    if (gainMatch[2] !== undefined) baseline = parseNumber(gainMatch[2], 'baseline', line);
    if (gainMatch[3] !== undefined) units = gainMatch[3];
  }
  return {
    fileName,
    format: Number(formatMatch[1]),
    byteOffset: formatMatch[2] === undefined ? 0 : Number(formatMatch[2]),
    gain,
    baseline,
    units,
    adcResolution: resField === undefined ? 12 : parseNumber(resField, 'ADC resolution', line),
    adcZero,
    initialValue: initField === undefined ? adcZero : parseNumber(initField, 'initial value', line),
    ...(checksumField === undefined ? {} : { checksum: parseNumber(checksumField, 'checksum', line) }),
    description: rest.join(' '),
  };
}
