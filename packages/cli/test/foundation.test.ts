import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseHexLines, toHex } from '../src/hex-io.js';
import { numberOption, parseCommandArgs, parseHostPort } from '../src/args.js';
import { CliUsageError } from '../src/errors.js';
import { ProgressLine, formatBar, formatBytes } from '../src/progress.js';
import { captureIo } from '../src/io.js';
import { DEMO_SAMPLE_RATE, synthesizeDemoAudio } from '../src/demo-audio.js';
import { createHash } from 'node:crypto';

describe('hex input and output', () => {
  it('reads one datagram per line, tolerating spaces, colons, 0x and comments', () => {
    const lines = parseHexLines('# header\n80 00 00 01\n\n0x80:0x01  # trailing\r\nDEADbeef\n');
    expect(lines.map((l) => [l.line, toHex(l.bytes)])).toEqual([
      [2, '80000001'],
      [4, '8001'],
      [5, 'deadbeef'],
    ]);
  });
  it('names the line of a bad digit or an odd count', () => {
    expect(() => parseHexLines('8000\n80 0g', 'x.hex')).toThrow('x.hex line 2: "g" is not a hex digit');
    expect(() => parseHexLines('800', 'x.hex')).toThrow('x.hex line 1: odd number of hex digits (3)');
    expect(() => parseHexLines('zz')).toThrow(CliUsageError);
  });
  it('round-trips any bytes', () =>
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 64 }), { maxLength: 8 }), (packets) => {
        const text = packets.map(toHex).join('\n');
        expect(parseHexLines(text).map((l) => Array.from(l.bytes))).toEqual(packets.map((p) => Array.from(p)));
      }),
    ));
});

describe('argument parsing', () => {
  const opts = { port: { type: 'string' }, json: { type: 'boolean' } } as const;
  it('parses known flags and positionals', () => {
    const { values, positionals } = parseCommandArgs('stun', ['--json', 'a:1', '--port', '5'], opts, 1);
    expect(values.json).toBe(true);
    expect(values.port).toBe('5');
    expect(positionals).toEqual(['a:1']);
  });
  it('turns unknown flags, missing values and extra arguments into one-line usage errors', () => {
    expect(() => parseCommandArgs('stun', ['--nope'], opts)).toThrow(CliUsageError);
    expect(() => parseCommandArgs('stun', ['--nope'], opts)).toThrow(/^unknown option --nope$/);
    expect(() => parseCommandArgs('stun', ['--port'], opts)).toThrow(/--port/);
    expect(() => parseCommandArgs('stun', ['a', 'b'], opts, 1)).toThrow('unexpected argument "b"');
  });
  it('checks number ranges with the flag named in the message', () => {
    const v = { duration: '2.5', calls: '0', bad: 'abc' };
    expect(numberOption('demo', v, 'duration', { min: 0.1, max: 3600 }, 10)).toBe(2.5);
    expect(numberOption('demo', v, 'missing', { min: 0, max: 1 }, 0.5)).toBe(0.5);
    expect(() => numberOption('demo', v, 'calls', { min: 1, max: 100, integer: true }, 1)).toThrow(
      '"--calls" expected an integer from 1 to 100, got "0"',
    );
    expect(() => numberOption('demo', v, 'bad', { min: 0, max: 1, unit: 'seconds' }, 1)).toThrow(/a number of seconds/);
    expect(numberOption('srtp', { roc: '0x10' }, 'roc', { min: 0, max: 2 ** 32 - 1, integer: true }, 0)).toBe(16);
  });
  it('parses host:port forms', () => {
    expect(parseHostPort('stun', 'stun.example.org:3479', 3478)).toEqual({ host: 'stun.example.org', port: 3479 });
    expect(parseHostPort('stun', '127.0.0.1', 3478)).toEqual({ host: '127.0.0.1', port: 3478 });
    expect(parseHostPort('stun', '[::1]:19302', 3478)).toEqual({ host: '::1', port: 19302 });
    expect(parseHostPort('stun', '::1', 3478)).toEqual({ host: '::1', port: 3478 });
    expect(() => parseHostPort('stun', 'h:0', 3478)).toThrow(/port from 1 to 65535/);
    expect(() => parseHostPort('stun', 'h:x', 3478)).toThrow(CliUsageError);
    expect(() => parseHostPort('stun', ':5', 3478)).toThrow(CliUsageError);
  });
});

describe('progress line', () => {
  it('redraws in place on a terminal, throttled, and ends the line', () => {
    let t = 0;
    const io = captureIo({ isTTY: true });
    const p = new ProgressLine(io, { now: () => t });
    p.update('a');
    t = 50;
    p.update('b'); // too soon: remembered
    t = 200;
    p.update('c');
    p.done();
    expect(io.err()).toBe('\ra\x1b[K\rc\x1b[K\n');
  });
  it('prints nothing when not a terminal unless asked for occasional lines', () => {
    const quiet = captureIo();
    const p = new ProgressLine(quiet);
    p.update('x');
    p.done('y');
    expect(quiet.err()).toBe('');
    let t = 0;
    const logs = captureIo();
    const q = new ProgressLine(logs, { plainIntervalMs: 1000, now: () => t });
    q.update('1');
    t = 500;
    q.update('2');
    t = 1500;
    q.update('3');
    expect(logs.err()).toBe('1\n3\n');
  });
  it('formats bars and sizes', () => {
    expect(formatBar(1, 4, 8)).toBe('[##......]  25.0 %');
    expect(formatBar(9, 4, 4)).toBe('[####] 100.0 %');
    expect(formatBar(3, 0)).toBe('3');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });
});

describe('demo audio', () => {
  const pcm = synthesizeDemoAudio(10);
  it('is 10 s of 8 kHz samples', () => expect(pcm.length).toBe(10 * DEMO_SAMPLE_RATE));
  it('is deterministic: the same bytes on every run and machine', () => {
    const again = synthesizeDemoAudio(10);
    expect(Buffer.from(again.buffer).equals(Buffer.from(pcm.buffer))).toBe(true);
    // Integer phase arithmetic and a fixed sine table: pinned so a change is deliberate.
    expect(createHash('sha256').update(pcm).digest('hex').slice(0, 16)).toMatchInlineSnapshot(`"4dacca3a247ebc15"`);
  });
  it('is music: loud, never clipping, with rests and many distinct levels', () => {
    let peak = 0;
    let energy = 0;
    for (const s of pcm) {
      peak = Math.max(peak, Math.abs(s));
      energy += s * s;
    }
    expect(peak).toBeGreaterThan(8000);
    expect(peak).toBeLessThan(32767);
    expect(Math.sqrt(energy / pcm.length)).toBeGreaterThan(1500);
    expect(new Set(pcm).size).toBeGreaterThan(5000);
    // The release before each note brings the level near silence at note boundaries.
    expect(Math.abs(pcm[2 * 1600 - 1] ?? 99999)).toBeLessThan(300);
  });
  it('rejects a bad length', () => expect(() => synthesizeDemoAudio(0)).toThrow(RangeError));
});
