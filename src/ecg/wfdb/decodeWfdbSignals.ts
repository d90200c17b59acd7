import { WfdbSignalFormatError } from '../ecgErrors.ts';

/** Storage formats this decoder reads: 212 (MIT-BIH), 16 (16-bit little endian) and 80 (8-bit offset binary). */
export const SUPPORTED_WFDB_FORMATS: readonly number[] = [212, 16, 80];

/**
 * Decodes the interleaved samples of one WFDB signal file holding `signalCount` signals that share `format`,
 * returning the raw ADC values of each signal. Format 212 packs two 12-bit two's-complement samples into three
 * bytes (`b0 | (b1 & 0x0f) << 8` and `b2 | (b1 & 0xf0) << 4`), running over the sample stream regardless of which
 * signal a sample belongs to. `sampleCount` 0 decodes every whole frame in the file.
 */
export function decodeWfdbSignals(
  bytes: Uint8Array,
  format: number,
  signalCount: number,
  sampleCount = 0,
): Int16Array[] {
  if (signalCount < 1) throw new WfdbSignalFormatError('WFDB signal file: no signals to decode');
  const bitsPerSample = format === 212 ? 12 : format === 16 ? 16 : format === 80 ? 8 : 0;
  if (bitsPerSample === 0)
    throw new WfdbSignalFormatError(`WFDB signal format ${format} is not supported`, {
      details: [`supported formats: ${SUPPORTED_WFDB_FORMATS.join(', ')}`],
    });
  const framesInFile = Math.floor((bytes.length * 8) / (bitsPerSample * signalCount));
  const frames = sampleCount === 0 ? framesInFile : sampleCount;
  if (frames > framesInFile)
    throw new WfdbSignalFormatError('WFDB signal file is shorter than its header says', {
      details: [`header: ${sampleCount} samples per signal, file: ${framesInFile}`],
    });
  const out = Array.from({ length: signalCount }, () => new Int16Array(frames));
  const total = frames * signalCount;
  const put = (index: number, value: number) => {
    (out[index % signalCount] as Int16Array)[Math.floor(index / signalCount)] = value;
  };
  if (format === 212) {
    for (let i = 0, b = 0; i < total; i += 2, b += 3) {
      const b0 = bytes[b] as number;
      const b1 = bytes[b + 1] as number;
      const first = b0 | ((b1 & 0x0f) << 8);
      put(i, first > 2047 ? first - 4096 : first);
      if (i + 1 < total) {
        const second = (bytes[b + 2] as number) | ((b1 & 0xf0) << 4);
        put(i + 1, second > 2047 ? second - 4096 : second);
      }
    }
  } else if (format === 16) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < total; i++) put(i, view.getInt16(i * 2, true));
  } else {
    for (let i = 0; i < total; i++) put(i, (bytes[i] as number) - 128);
  }
  return out;
}

/** WFDB's signal checksum: the 16-bit sum of every sample, for checking a decode against the header. */
export function wfdbChecksum(samples: Int16Array): number {
  let sum = 0;
  for (const value of samples) sum = (sum + value) & 0xffff;
  return sum;
}
