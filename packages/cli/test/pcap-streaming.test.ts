import { afterEach, describe, expect, it, vi } from 'vitest';
import { PcapParser, serializePcapHeader, serializePcapRecord } from '../src/pcap/pcap-file.js';
import { PcapngParser } from '../src/pcap/pcapng.js';
import { CliError } from '../src/errors.js';

/** Counts the bytes every typed-array copy (`set`) moves while `fn` runs. */
function bytesCopied(fn: () => void): number {
  const proto = Object.getPrototypeOf(Uint8Array.prototype) as { set: (src: ArrayLike<number>, offset?: number) => void };
  const original = proto.set;
  let copied = 0;
  const spy = vi.spyOn(proto, 'set').mockImplementation(function (this: unknown, src: ArrayLike<number>, offset?: number) {
    copied += src.length;
    original.call(this, src, offset);
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return copied;
}

/** Feeds `file` to a new PcapParser in `size`-byte chunks: the records' data and the bytes copied. */
function parseInChunks(file: Uint8Array, size: number): { got: Uint8Array[]; copied: number } {
  const pieces = [...chunks(file, size)];
  const p = new PcapParser();
  const got: Uint8Array[] = [];
  const copied = bytesCopied(() => {
    for (const c of pieces) {
      got.push(...p.push(c).map((r) => r.data));
    }
  });
  return { got, copied };
}

function* chunks(file: Uint8Array, size: number): Generator<Uint8Array> {
  for (let o = 0; o < file.length; o += size) {
    yield file.slice(o, o + size);
  }
}

/** A little-endian pcapng: SHB, one Ethernet IDB, one EPB of `frame`. */
function pcapng(frame: Uint8Array, capturedClaim = frame.length): Uint8Array {
  const padded = Math.ceil(frame.length / 4) * 4;
  const out = new Uint8Array(28 + 20 + 32 + padded);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x0a0d0d0a, true);
  v.setUint32(4, 28, true);
  v.setUint32(8, 0x1a2b3c4d, true);
  v.setUint16(12, 1, true);
  v.setUint32(24, 28, true);
  v.setUint32(28, 1, true);
  v.setUint32(32, 20, true);
  v.setUint16(36, 1, true);
  v.setUint32(44, 20, true);
  const epb = 48;
  const len = 32 + padded;
  v.setUint32(epb, 6, true);
  v.setUint32(epb + 4, len, true);
  v.setUint32(epb + 20, capturedClaim, true);
  v.setUint32(epb + 24, frame.length, true);
  out.set(frame, epb + 28);
  v.setUint32(epb + len - 4, len, true);
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('the capture readers are linear in the bytes fed (#15.8)', () => {
  const frame = Uint8Array.from({ length: 200_000 }, (_, i) => i & 0xff);

  it('pcap: a 200 kB record fed in 100-byte chunks is copied about once, and arrives intact', () => {
    const file = Buffer.concat([serializePcapHeader(1, false, 262144), serializePcapRecord(1, 0, frame)]);
    const { got, copied } = parseInChunks(file, 100);
    expect(got).toHaveLength(1);
    expect(Buffer.from(got[0]!).equals(frame)).toBe(true);
    expect(copied).toBeLessThan(2 * file.length); // re-concatenating per chunk copies ~ 200 MB here
  });

  it('pcapng: a 200 kB packet block fed in 100-byte chunks is copied about once, and arrives intact', () => {
    const file = pcapng(frame);
    const { got, copied } = parseInChunks(file, 100);
    expect(got).toHaveLength(1);
    expect(Buffer.from(got[0]!).equals(frame)).toBe(true);
    expect(copied).toBeLessThan(2 * file.length);
  });

  it('a record that sits in one chunk is a view into it, not a copy', () => {
    const file = new Uint8Array([...serializePcapHeader(1), ...serializePcapRecord(1, 0, frame.subarray(0, 1000))]);
    const p = new PcapParser();
    const [r] = p.push(file);
    expect(r?.data.buffer).toBe(file.buffer);
  });
});

describe('a record claiming too many bytes is refused before it is buffered (#15.8)', () => {
  function pcapRecordHeader(claim: number): Uint8Array {
    const h = new Uint8Array(16);
    const v = new DataView(h.buffer);
    v.setUint32(0, 1, true);
    v.setUint32(8, claim, true);
    v.setUint32(12, claim, true);
    return h;
  }
  for (const claim of [400 * 1024, 2 ** 30]) {
    it(`pcap: incl_len ${claim} fails at its 16-byte header with BAD_INPUT naming byte 24`, () => {
      const p = new PcapParser();
      let err: unknown;
      try {
        p.push(new Uint8Array([...serializePcapHeader(1), ...pcapRecordHeader(claim)]));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).code).toBe('BAD_INPUT');
      expect((err as CliError).message).toMatch(new RegExp(`record at byte 24: it claims ${claim} captured bytes`));
    });
    it(`pcapng: a block length of ${claim} fails at its 12-byte header with BAD_INPUT naming its offset`, () => {
      const file = pcapng(new Uint8Array(8));
      const head = file.slice(0, 48 + 12);
      new DataView(head.buffer).setUint32(48 + 4, claim, true);
      const p = new PcapngParser();
      expect(() => p.push(head)).toThrow(new RegExp(`block at byte 48: it claims ${claim} bytes`));
    });
  }
  it('pcapng: a packet block whose captured length exceeds 256 KiB is corrupt', () => {
    const file = pcapng(new Uint8Array(8), 300 * 1024);
    expect(() => new PcapngParser().push(file)).toThrow(/corrupt pcapng packet block at byte 48/);
  });
});
