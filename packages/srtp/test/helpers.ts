/** Test helpers: hex in RFC layout, vector files, RTP packet builders. */
import { readFileSync } from 'node:fs';

export const hex = (s: string): Uint8Array => {
  const clean = s.replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(clean, 'hex'));
};
export const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** A vector file from test/vectors/ (see test/vectors/README.md for where each value comes from). */
export function vectors<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./vectors/${name}.json`, import.meta.url), 'utf8')) as T;
}

export interface RtpSpec {
  seq: number;
  ssrc: number;
  ts?: number;
  pt?: number;
  marker?: boolean;
  csrcs?: number[];
  extension?: { profile: number; data: Uint8Array };
  payload: Uint8Array;
  padding?: number;
}

/** Serializes an RTP packet (RFC 3550 §5.1). */
export function rtp(spec: RtpSpec): Uint8Array {
  const csrcs = spec.csrcs ?? [];
  const ext = spec.extension;
  const extLen = ext ? 4 + ext.data.length : 0;
  const pad = spec.padding ?? 0;
  const n = 12 + 4 * csrcs.length + extLen + spec.payload.length + pad;
  const b = new Uint8Array(n);
  const dv = new DataView(b.buffer);
  b[0] = 0x80 | (pad > 0 ? 0x20 : 0) | (ext ? 0x10 : 0) | csrcs.length;
  b[1] = (spec.marker ? 0x80 : 0) | (spec.pt ?? 0);
  dv.setUint16(2, spec.seq & 0xffff);
  dv.setUint32(4, (spec.ts ?? spec.seq * 160) >>> 0);
  dv.setUint32(8, spec.ssrc >>> 0);
  let o = 12;
  for (const c of csrcs) {
    dv.setUint32(o, c >>> 0);
    o += 4;
  }
  if (ext) {
    if (ext.data.length % 4 !== 0) {
      throw new Error('extension data must be whole words');
    }
    dv.setUint16(o, ext.profile);
    dv.setUint16(o + 2, ext.data.length / 4);
    b.set(ext.data, o + 4);
    o += 4 + ext.data.length;
  }
  b.set(spec.payload, o);
  o += spec.payload.length;
  if (pad > 0) {
    b[n - 1] = pad;
  }
  return b;
}

/** A minimal RTCP receiver report (RFC 3550 §6.4.2) with `extra` bytes of report blocks. */
export function rtcp(ssrc: number, extraWords = 6): Uint8Array {
  const b = new Uint8Array(8 + 4 * extraWords);
  const dv = new DataView(b.buffer);
  b[0] = 0x80 | (extraWords >= 6 ? 1 : 0);
  b[1] = 201;
  dv.setUint16(2, 1 + extraWords);
  dv.setUint32(4, ssrc >>> 0);
  for (let i = 8; i < b.length; i++) {
    b[i] = (i * 37) & 0xff;
  }
  return b;
}

export { prng } from '../../../test/prng.js';
