import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { EcgLead, EcgRecord } from '../EcgRecord.ts';
import { EcgRecordNotFoundError, WfdbSignalFormatError } from '../ecgErrors.ts';
import { decodeWfdbSignals, wfdbChecksum } from './decodeWfdbSignals.ts';
import { parseMitAnnotations } from './parseMitAnnotations.ts';
import { parseWfdbHeader, type WfdbSignalSpec } from './parseWfdbHeader.ts';

/** Options for `readWfdbRecord`. */
export type ReadWfdbOptions = {
  /** Annotator whose file to read beside the record (default `atr`); `false` reads none. */
  annotator?: string | false;
};

/** Physical units → millivolts; WFDB writes `mV`, `uV`, `µV` or `V`. */
const MILLIVOLTS_PER_UNIT: Record<string, number> = { mV: 1, uV: 1e-3, µV: 1e-3, V: 1e3 };

/**
 * Reads a WFDB record given its path without extension (`data/ecg/208`): the `.hea` header, every signal file it
 * names (format 212, 16 or 80; checksums verified when the header has them), and the `.atr` reference annotations
 * when that file exists.
 */
export async function readWfdbRecord(recordPath: string, options: ReadWfdbOptions = {}): Promise<EcgRecord> {
  const headerPath = `${recordPath}.hea`;
  if (!existsSync(headerPath))
    throw new EcgRecordNotFoundError('WFDB record not found', { details: [`no header at ${headerPath}`] });
  const header = parseWfdbHeader(await readFile(headerPath, 'utf8'));
  const directory = dirname(recordPath);
  const leads: EcgLead[] = [];
  // Signals stored in the same file are interleaved, so each file is decoded once for all its signals.
  const byFile = new Map<string, WfdbSignalSpec[]>();
  for (const spec of header.signals) byFile.set(spec.fileName, [...(byFile.get(spec.fileName) ?? []), spec]);
  const decoded = new Map<WfdbSignalSpec, Int16Array>();
  for (const [fileName, specs] of byFile) {
    const first = specs[0] as WfdbSignalSpec;
    if (specs.some((s) => s.format !== first.format))
      throw new WfdbSignalFormatError('WFDB signal file mixes storage formats', { details: [fileName] });
    const bytes = await readFile(join(directory, fileName));
    const samples = decodeWfdbSignals(
      bytes.subarray(first.byteOffset),
      first.format,
      specs.length,
      header.sampleCount,
    );
    specs.forEach((spec, i) => {
      const adc = samples[i] as Int16Array;
      if (
        spec.checksum !== undefined &&
        header.sampleCount > 0 &&
        wfdbChecksum(adc) !== (spec.checksum & 0xffff)
      )
        throw new WfdbSignalFormatError('WFDB signal checksum does not match the header', {
          details: [`${fileName}: signal ${spec.description || i}`],
        });
      decoded.set(spec, adc);
    });
  }
  for (const [i, spec] of header.signals.entries()) {
    const adc = decoded.get(spec) as Int16Array;
    const scale = (MILLIVOLTS_PER_UNIT[spec.units] ?? 1) / spec.gain;
    const millivolts = new Float32Array(adc.length);
    for (let s = 0; s < adc.length; s++) millivolts[s] = ((adc[s] as number) - spec.baseline) * scale;
    leads.push({ name: spec.description || `signal ${i}`, millivolts });
  }
  const annotator = options.annotator ?? 'atr';
  const annotationPath = annotator === false ? undefined : `${recordPath}.${annotator}`;
  const annotations =
    annotationPath !== undefined && existsSync(annotationPath)
      ? parseMitAnnotations(await readFile(annotationPath))
      : undefined;
  return {
    name: header.recordName || basename(recordPath),
    fs: header.fs,
    leads,
    ...(annotations ? { annotations } : {}),
  };
}
