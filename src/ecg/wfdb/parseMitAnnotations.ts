import type { EcgAnnotation } from '../EcgRecord.ts';
import { MitAnnotationFormatError } from '../ecgErrors.ts';
import { mitAnnotationSymbol } from './mitAnnotationCodes.ts';

/** Pseudo-codes of the MIT format that modify the annotation before them or the clock (WFDB `ecgmap.h`). */
const SKIP = 59;
const NUM = 60;
const SUB = 61;
const CHN = 62;
const AUX = 63;

type Pending = { sample: number; code: number; subtype: number; channel: number; num: number; aux?: string };

/**
 * Parses a MIT-format annotation file (`.atr`): a stream of little-endian 16-bit words whose top 6 bits are a code
 * and low 10 bits a time increment (or a modifier's value). SKIP carries a 32-bit interval in PDP-11 word order;
 * NUM, SUB, CHN and AUX modify the annotation just read, and — as in WFDB's `getann` — `num` and `chan` stay in
 * force for the annotations that follow while `subtyp` and `aux` reset.
 */
export function parseMitAnnotations(bytes: Uint8Array): EcgAnnotation[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: EcgAnnotation[] = [];
  let time = 0;
  let num = 0;
  let channel = 0;
  let pending: Pending | undefined;
  const flush = () => {
    if (pending)
      out.push(
        pending.aux === undefined
          ? { ...pending, symbol: mitAnnotationSymbol(pending.code) }
          : {
              ...pending,
              symbol: mitAnnotationSymbol(pending.code),
            },
      );
    pending = undefined;
  };
  const need = (offset: number, count: number) => {
    if (offset + count > bytes.length)
      throw new MitAnnotationFormatError('MIT annotation file is truncated', {
        details: [`at byte ${offset}`],
      });
  };
  let offset = 0;
  while (offset + 2 <= bytes.length) {
    const word = view.getUint16(offset, true);
    offset += 2;
    const code = word >> 10;
    const value = word & 0x3ff;
    if (code === 0 && value === 0) break;
    switch (code) {
      case SKIP: {
        need(offset, 4);
        const high = view.getUint16(offset, true);
        const low = view.getUint16(offset + 2, true);
        time += ((high << 16) | low) >> 0;
        offset += 4;
        break;
      }
      case NUM:
        num = value > 511 ? value - 1024 : value;
        if (pending) pending.num = num;
        break;
      case SUB:
        if (pending) pending.subtype = value;
        break;
      case CHN:
        channel = value;
        if (pending) pending.channel = channel;
        break;
      case AUX: {
        need(offset, value);
        const text = new TextDecoder('latin1')
          .decode(bytes.subarray(offset, offset + value))
          .replace(/\0+$/, '');
        if (pending) pending.aux = text;
        offset += value + (value & 1);
        break;
      }
      default:
        flush();
        time += value;
        pending = { sample: time, code, subtype: 0, channel, num };
    }
  }
  flush();
  return out;
}
