/**
 * G.711 against the Recommendation's own tables (ITU-T G.711 Table 1 for A-law, Table 2 for µ-law),
 * built here from how the Recommendation lays them out (eight segments; in each, 16 intervals of one step
 * size, each step twice the last segment's; the decision values bound the intervals, the quantized value
 * is the interval's middle) rather than from any encoder's bit manipulation.
 *
 * A 16-bit sample maps onto the tables' scale by its value (÷ 8 for A-law's 13-bit scale, ÷ 4 for µ-law's
 * 14-bit one), a negative sample by its magnitude; a value on a decision value belongs to the interval
 * above it. This is the default encoder (`decisionLevels: 'g711-tables'`).
 */
import { describe, expect, it } from 'vitest';
import { PCMA, PCMU } from '../src/index.js';

interface Table {
  /** Lower decision value of each of the 128 intervals of one sign, in the table's units. */
  readonly lower: number[];
  /** Quantized (decoded) value of each interval, in the table's units. */
  readonly quantized: number[];
}

/** A-law, Table 1: segments 1 and 2 step 2 from 0; each following segment doubles the step (to 4096). */
function aLawTable(): Table {
  const lower: number[] = [];
  const quantized: number[] = [];
  let start = 0;
  for (let segment = 0; segment < 8; segment++) {
    const step = segment < 2 ? 2 : 2 << (segment - 1);
    for (let i = 0; i < 16; i++) {
      lower.push(start + i * step);
      quantized.push(start + i * step + step / 2);
    }
    start += 16 * step;
  }
  expect(start).toBe(4096);
  return { lower, quantized };
}

/**
 * µ-law, Table 2: the first interval is the value 0 alone (decision value 1), then 15 of step 2 to 31;
 * segment n (0-based) has step 2^(n+1) and starts at 33·2^n − 33 + ... (31, 95, 223, …, 4063), to 8159.
 */
function muLawTable(): Table {
  const lower: number[] = [0];
  const quantized: number[] = [0];
  for (let i = 1; i < 16; i++) {
    lower.push(2 * i - 1);
    quantized.push(2 * i);
  }
  let start = 31;
  for (let segment = 1; segment < 8; segment++) {
    const step = 2 << segment;
    for (let i = 0; i < 16; i++) {
      lower.push(start + i * step);
      quantized.push(start + i * step + step / 2);
    }
    start += 16 * step;
  }
  expect(start).toBe(8159);
  return { lower, quantized };
}

/** The interval of `magnitude`: the last one whose lower decision value is not above it. */
function intervalOf(table: Table, magnitude: number): number {
  let k = 0;
  while (k + 1 < table.lower.length && table.lower[k + 1]! <= magnitude) {
    k++;
  }
  return k;
}

const cases = [
  {
    codec: PCMA,
    table: aLawTable(),
    scale: 8,
    // Code: sign bit (1 for positive), segment (3 bits), interval (4 bits), then the even bits inverted.
    code: (positive: boolean, k: number) => ((positive ? 0x80 : 0) | k) ^ 0x55,
  },
  {
    codec: PCMU,
    table: muLawTable(),
    scale: 4,
    // Code: sign bit (1 for positive), segment, interval, the seven magnitude bits inverted.
    code: (positive: boolean, k: number) => ((positive ? 0x80 : 0) | k) ^ 0x7f,
  },
] as const;

describe('G.711 against the ITU-T G.711 tables (Table 1 A-law, Table 2 µ-law)', () => {
  for (const { codec, table, scale, code } of cases) {
    it(`${codec.encodingName}: every 16-bit sample is coded as the interval its decision values give`, () => {
      const samples = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
      const ours = codec.createEncoder().encode(samples);
      const mismatches: string[] = [];
      for (let i = 0; i < samples.length; i++) {
        const x = samples[i]!;
        const positive = x >= 0;
        const magnitude = Math.abs(x) / scale;
        const want = code(positive, intervalOf(table, magnitude));
        if (ours[i] !== want && mismatches.length < 5) {
          mismatches.push(`${String(x)}: ours 0x${ours[i]!.toString(16)}, table 0x${want.toString(16)}`);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it(`${codec.encodingName}: every code decodes to its interval's quantized value`, () => {
      const codes = Uint8Array.from({ length: 256 }, (_, c) => c);
      const ours = codec.createDecoder().decode(codes);
      for (let k = 0; k < 128; k++) {
        const value = table.quantized[k]! * scale;
        expect(ours[code(true, k)], `positive interval ${String(k)}`).toBe(value);
        expect(ours[code(false, k)], `negative interval ${String(k)}`).toBe(value === 0 ? 0 : -value);
      }
    });
  }

  it('the tables have the Recommendation\'s landmarks', () => {
    const a = aLawTable();
    const mu = muLawTable();
    // A-law: the segment boundaries 32, 64, 128, ... 2048; the largest output 4032 (x 8 = 32256).
    expect([16, 32, 48, 64, 80, 96, 112].map((k) => a.lower[k])).toEqual([32, 64, 128, 256, 512, 1024, 2048]);
    expect(a.quantized[127]).toBe(4032);
    // µ-law: the segment boundaries 31, 95, 223, ... 4063; the largest output 8031 (x 4 = 32124).
    expect([16, 32, 48, 64, 80, 96, 112].map((k) => mu.lower[k])).toEqual([31, 95, 223, 479, 991, 2015, 4063]);
    expect(mu.quantized[127]).toBe(8031);
  });
});
