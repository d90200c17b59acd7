import type {
  EncryptedShares,
  SiteKeys,
  UnmaskRequest,
  UnmaskResponse,
} from '../secagg/secureAggregationMessages.ts';
import type { ShamirShare } from '../secagg/shamirSecretSharing.ts';

/** Secure-aggregation messages and vectors as JSON between nodes (bytes in base64, big integers in hex). */
const b64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const unb64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

export const encodeFloat64 = (values: Float64Array): string =>
  b64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
export function decodeFloat64(text: string): Float64Array {
  const bytes = unb64(text);
  if (bytes.byteLength % 8 !== 0) throw new RangeError('not a float64 vector');
  return new Float64Array(bytes.slice().buffer);
}
export const encodeUint32 = (values: Uint32Array): string =>
  b64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
export function decodeUint32(text: string): Uint32Array {
  const bytes = unb64(text);
  if (bytes.byteLength % 4 !== 0) throw new RangeError('not a uint32 vector');
  return new Uint32Array(bytes.slice().buffer);
}

export type WireSiteKeys = { site: number; encryptionPublicKey: string; maskingPublicKey: string };
export const toWireKeys = (k: SiteKeys): WireSiteKeys => ({
  site: k.site,
  encryptionPublicKey: b64(k.encryptionPublicKey),
  maskingPublicKey: b64(k.maskingPublicKey),
});
export const fromWireKeys = (k: WireSiteKeys): SiteKeys => ({
  site: k.site,
  encryptionPublicKey: unb64(k.encryptionPublicKey),
  maskingPublicKey: unb64(k.maskingPublicKey),
});

export type WireShares = { from: number; to: number; ciphertext: string };
export const toWireShares = (s: EncryptedShares): WireShares => ({
  from: s.from,
  to: s.to,
  ciphertext: b64(s.ciphertext),
});
export const fromWireShares = (s: WireShares): EncryptedShares => ({
  from: s.from,
  to: s.to,
  ciphertext: unb64(s.ciphertext),
});

type WireShare = { of: number; share: { x: number; y: string } };
export type WireUnmaskResponse = { site: number; selfMaskShares: WireShare[]; maskingKeyShares: WireShare[] };
const toShare = ({ of, share }: { of: number; share: ShamirShare }): WireShare => ({
  of,
  share: { x: share.x, y: share.y.toString(16) },
});
const fromShare = ({ of, share }: WireShare) => ({ of, share: { x: share.x, y: BigInt(`0x${share.y}`) } });
export const toWireUnmask = (r: UnmaskResponse): WireUnmaskResponse => ({
  site: r.site,
  selfMaskShares: r.selfMaskShares.map(toShare),
  maskingKeyShares: r.maskingKeyShares.map(toShare),
});
export const fromWireUnmask = (r: WireUnmaskResponse): UnmaskResponse => ({
  site: r.site,
  selfMaskShares: r.selfMaskShares.map(fromShare),
  maskingKeyShares: r.maskingKeyShares.map(fromShare),
});
export type { UnmaskRequest };
