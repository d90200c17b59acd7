import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { readDicomWaveform } from './dicom/readDicomWaveform.ts';
import type { EcgRecord } from './EcgRecord.ts';
import { EcgRecordNotFoundError } from './ecgErrors.ts';
import { readWfdbRecord } from './wfdb/readWfdbRecord.ts';

const WFDB_EXTENSIONS = new Set(['.hea', '.dat', '.atr']);

/**
 * Reads an ECG from a path the user gives: a DICOM waveform file (`.dcm`, or any file with the `DICM` marker), or
 * a WFDB record named without extension (`data/ecg/208`; a `.hea`, `.dat` or `.atr` path is accepted too).
 */
export async function readEcgRecord(path: string): Promise<EcgRecord> {
  const extension = extname(path).toLowerCase();
  if (WFDB_EXTENSIONS.has(extension)) return readWfdbRecord(path.slice(0, -extension.length));
  if (existsSync(`${path}.hea`)) return readWfdbRecord(path);
  if (!existsSync(path))
    throw new EcgRecordNotFoundError('ECG record not found', {
      details: ['give a WFDB record path without extension or a DICOM waveform file'],
    });
  return readDicomWaveform(await readFile(path), basename(path, extension));
}
