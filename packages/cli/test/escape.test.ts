import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { escapeControlCharacters } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'voip-cli-escape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ESC = '\x1b';
/** Any C0 control but newline, DEL or C1 control. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('control characters from input are escaped in what the CLI prints (#15.15)', () => {
  it('escapeControlCharacters: C0, DEL, C1 as \\xNN; bidi controls as \\u{...}; the rest unchanged', () => {
    expect(escapeControlCharacters(`a${ESC}[31mb\x7f\x9b\t\n`)).toBe('a\\x1b[31mb\\x7f\\x9b\\x09\\x0a');
    expect(escapeControlCharacters('x\u202ey\u2066')).toBe('x\\u{202e}y\\u{2066}');
    expect(escapeControlCharacters('naïve «ok» \\x1b')).toBe('naïve «ok» \\x1b');
  });

  it('an input file name with ESC', async () => {
    const r = await cli(['rtp', 'stats', `no${ESC}[2Jsuch.pcap`]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no\\x1b[2Jsuch.pcap');
    expect(r.err).not.toMatch(RAW_CONTROL);
  });

  it('a key with ESC (never echoed) and a key file name with ESC and BEL', async () => {
    const hex = join(dir, 'p.hex');
    writeFileSync(hex, '80000001000000010000000100\n');
    const inline = await cli(['srtp', 'decrypt', hex, '--key', `inline:${ESC}]0;pwned\x07`]);
    expect(inline.code).toBe(2);
    expect(inline.err).not.toMatch(RAW_CONTROL);
    const file = await cli(['srtp', 'decrypt', hex, '--key', `@key${ESC}]0;t\x07.txt`]);
    expect(file.code).toBe(2);
    expect(file.err).toContain('key\\x1b]0;t\\x07.txt');
    expect(file.err).not.toMatch(RAW_CONTROL);
  });

  it('file content with ESC', async () => {
    const hex = join(dir, 'bad.hex');
    writeFileSync(hex, `8000${ESC}[31m0001\n`);
    const r = await cli(['srtp', 'decrypt', hex, '--key', 'inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('\\x1b');
    expect(r.err).not.toMatch(RAW_CONTROL);
  });

  it('an unknown command or flag with ESC', async () => {
    const cmd = await cli([`x${ESC}[1m`]);
    expect(cmd.err).toContain('x\\x1b[1m');
    expect(cmd.err).not.toMatch(RAW_CONTROL);
    const flag = await cli(['rtp', 'stats', `--x${ESC}y`]);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('\\x1b');
    expect(flag.err).not.toMatch(RAW_CONTROL);
  });
  it('the demo report names an output directory with ESC escaped', async () => {
    const out = join(dir, `demo${ESC}[7m`);
    const r = await cli(['demo', '--duration', '0.2', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('demo\\x1b[7m');
    expect(r.out).not.toMatch(RAW_CONTROL);
  }, 20_000);
});
