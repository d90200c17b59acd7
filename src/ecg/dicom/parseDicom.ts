import { DicomFormatError } from '../ecgErrors.ts';

/** One element of a DICOM data set: its VR, raw value bytes, and for sequences the items' data sets. */
export type DicomElement = {
  readonly tag: number;
  readonly vr: string;
  readonly value: Uint8Array;
  readonly items?: readonly DicomDataSet[];
};

/** A DICOM data set keyed by tag (`group << 16 | element`, e.g. `0x54000100` for WaveformSequence). */
export type DicomDataSet = ReadonlyMap<number, DicomElement>;

/** A parsed Part 10 file: its transfer syntax and main data set (file meta elements included). */
export type DicomFile = { readonly transferSyntax: string; readonly dataSet: DicomDataSet };

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
/** VRs whose explicit-VR header has two reserved bytes and a 32-bit length (PS3.5 §7.1.2). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
/** Sequences we must recognise in implicit VR, where the file does not say which elements are sequences. */
const KNOWN_SEQUENCES = new Set([0x54000100, 0x003a0200, 0x003a0208, 0x003a0211, 0x00400260, 0x0040a730]);
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const UNDEFINED_LENGTH = 0xffffffff;
const TRANSFER_SYNTAX_UID = 0x00020010;

/**
 * Parses a DICOM Part 10 file — 128-byte preamble, `DICM`, the explicit-VR file meta group, then the data set —
 * enough to read waveforms: explicit or implicit VR little endian, nested sequences of defined or undefined length.
 * Compressed and big-endian transfer syntaxes are refused rather than misread.
 */
export function parseDicom(bytes: Uint8Array): DicomFile {
  if (bytes.length < 132 || new TextDecoder().decode(bytes.subarray(128, 132)) !== 'DICM')
    throw new DicomFormatError('not a DICOM Part 10 file (no DICM marker after the preamble)');
  const reader = new DicomReader(bytes, true);
  const meta = new Map<number, DicomElement>();
  let offset = 132;
  while (offset + 4 <= bytes.length && reader.u16(offset) === 0x0002) {
    const parsed = reader.element(offset);
    meta.set(parsed.element.tag, parsed.element);
    offset = parsed.next;
  }
  const syntaxElement = meta.get(TRANSFER_SYNTAX_UID);
  const transferSyntax = syntaxElement ? dicomString(syntaxElement) : EXPLICIT_VR_LITTLE_ENDIAN;
  if (transferSyntax !== EXPLICIT_VR_LITTLE_ENDIAN && transferSyntax !== IMPLICIT_VR_LITTLE_ENDIAN)
    throw new DicomFormatError('DICOM transfer syntax is not supported', {
      details: [`${transferSyntax}: only explicit and implicit VR little endian are read`],
    });
  const body = new DicomReader(bytes, transferSyntax === EXPLICIT_VR_LITTLE_ENDIAN);
  const dataSet = body.dataSet(offset, bytes.length).dataSet;
  for (const [tag, element] of meta) dataSet.set(tag, element);
  return { transferSyntax, dataSet };
}

/** An element's value as text, trailing padding (space or NUL) removed. */
export function dicomString(element: DicomElement): string {
  return new TextDecoder('latin1').decode(element.value).replace(/[\0 ]+$/, '');
}

/** An element's value as numbers: binary VRs (US, SS, UL, SL, FL, FD) or backslash-separated DS/IS text. */
export function dicomNumbers(element: DicomElement): number[] {
  const view = new DataView(element.value.buffer, element.value.byteOffset, element.value.byteLength);
  const read = (size: number, get: (at: number) => number) =>
    Array.from({ length: Math.floor(element.value.length / size) }, (_, i) => get(i * size));
  switch (element.vr) {
    case 'US':
      return read(2, (at) => view.getUint16(at, true));
    case 'SS':
      return read(2, (at) => view.getInt16(at, true));
    case 'UL':
      return read(4, (at) => view.getUint32(at, true));
    case 'SL':
      return read(4, (at) => view.getInt32(at, true));
    case 'FL':
      return read(4, (at) => view.getFloat32(at, true));
    case 'FD':
      return read(8, (at) => view.getFloat64(at, true));
    default:
      return dicomString(element)
        .split('\\')
        .map((part) => Number(part.trim()))
        .filter((n) => Number.isFinite(n));
  }
}

class DicomReader {
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly explicit: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u16(at: number): number {
    this.need(at, 2);
    return this.view.getUint16(at, true);
  }

  u32(at: number): number {
    this.need(at, 4);
    return this.view.getUint32(at, true);
  }

  tag(at: number): number {
    return ((this.u16(at) << 16) | this.u16(at + 2)) >>> 0;
  }

  /** Reads elements from `start` until `end` or a delimiter tag; returns the set and where reading stopped. */
  dataSet(start: number, end: number): { dataSet: Map<number, DicomElement>; next: number } {
    const dataSet = new Map<number, DicomElement>();
    let at = start;
    while (at < end) {
      const tag = this.tag(at);
      if (tag === ITEM_END || tag === SEQUENCE_END) return { dataSet, next: at };
      const parsed = this.element(at);
      dataSet.set(parsed.element.tag, parsed.element);
      at = parsed.next;
    }
    return { dataSet, next: at };
  }

  element(at: number): { element: DicomElement; next: number } {
    const tag = this.tag(at);
    let vr: string;
    let length: number;
    let valueAt: number;
    // The file meta group is always explicit VR, whatever the body's transfer syntax.
    if (this.explicit || tag >>> 16 === 0x0002) {
      this.need(at + 4, 2);
      vr = String.fromCharCode(this.bytes[at + 4] as number, this.bytes[at + 5] as number);
      if (LONG_VRS.has(vr)) {
        length = this.u32(at + 8);
        valueAt = at + 12;
      } else {
        length = this.u16(at + 6);
        valueAt = at + 8;
      }
    } else {
      length = this.u32(at + 4);
      valueAt = at + 8;
      vr = KNOWN_SEQUENCES.has(tag) || length === UNDEFINED_LENGTH ? 'SQ' : 'UN';
    }
    if (vr === 'SQ') return this.sequence(tag, valueAt, length);
    if (length === UNDEFINED_LENGTH)
      throw new DicomFormatError('DICOM encapsulated (undefined-length) values are not supported', {
        details: [`tag ${formatTag(tag)}`],
      });
    this.need(valueAt, length);
    return {
      element: { tag, vr, value: this.bytes.subarray(valueAt, valueAt + length) },
      next: valueAt + length,
    };
  }

  private sequence(tag: number, start: number, length: number): { element: DicomElement; next: number } {
    const end = length === UNDEFINED_LENGTH ? this.bytes.length : start + length;
    this.need(start, end - start);
    const items: DicomDataSet[] = [];
    let at = start;
    while (at < end) {
      const itemTag = this.tag(at);
      const itemLength = this.u32(at + 4);
      if (itemTag === SEQUENCE_END) {
        at += 8;
        break;
      }
      if (itemTag !== ITEM)
        throw new DicomFormatError('DICOM sequence holds something other than items', {
          details: [`tag ${formatTag(itemTag)} in sequence ${formatTag(tag)}`],
        });
      const itemEnd = itemLength === UNDEFINED_LENGTH ? end : at + 8 + itemLength;
      const parsed = this.dataSet(at + 8, itemEnd);
      items.push(parsed.dataSet);
      at = itemLength === UNDEFINED_LENGTH ? parsed.next + 8 : itemEnd;
    }
    return { element: { tag, vr: 'SQ', value: new Uint8Array(0), items }, next: at };
  }

  private need(at: number, count: number): void {
    if (at < 0 || at + count > this.bytes.length)
      throw new DicomFormatError('DICOM file is truncated', {
        details: [`needed ${count} bytes at offset ${at}`],
      });
  }
}

const formatTag = (tag: number) =>
  `(${(tag >>> 16).toString(16).padStart(4, '0')},${(tag & 0xffff).toString(16).padStart(4, '0')})`;
