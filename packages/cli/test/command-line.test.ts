import { describe, expect, it } from 'vitest';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { closestMatch, editDistance } from '../src/suggest.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('misspelt flags and commands get one line in our words, with a suggestion (#10 c)', () => {
  it('edit distance counts a swap as one edit', () => {
    expect(editDistance('decrpyt', 'decrypt')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('stun', 'stun')).toBe(0);
    expect(closestMatch('stnu', ['demo', 'stun', 'stun-server'])).toBe('stun');
    expect(closestMatch('xyz', ['demo', 'stun'])).toBeUndefined();
  });
  it('an unknown flag: "did you mean"', async () => {
    const r = await cli(['demo', '--durration', '2']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('voip demo: unknown option --durration (did you mean --duration?); see voip demo --help\n');
    const far = await cli(['rtp', 'stats', 'x.pcap', '--frobnicate']);
    expect(far.err).toBe('voip rtp stats: unknown option --frobnicate; see voip rtp stats --help\n');
  });
  it('a missing value, and a value given to a boolean', async () => {
    expect((await cli(['demo', '--duration'])).err).toBe('voip demo: --duration needs a value; see voip demo --help\n');
    expect((await cli(['rtp', 'stats', 'x.pcap', '--json=yes'])).err).toMatch(/^voip rtp stats: --json takes no value;/);
  });
  it('a misspelt command or subcommand', async () => {
    expect((await cli(['stnu'])).err).toBe('voip: unknown command "stnu"; did you mean "voip stun"?; see voip --help\n');
    expect((await cli(['srtp', 'decrpyt', 'x'])).err).toBe('voip: unknown command "srtp decrpyt"; did you mean "voip srtp decrypt"?; see voip srtp --help\n');
    expect((await cli(['rpt', 'stats'])).err).toMatch(/did you mean "voip rtp stats"\?/);
    expect((await cli(['frobnicate'])).err).toBe('voip: unknown command "frobnicate"; see voip --help\n');
  });
  it('a negative number is a range error naming the flag, not "ambiguous"', async () => {
    const r = await cli(['demo', '--duration', '-1']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^voip demo: "--duration" expected a number of seconds from 0\.1 to 3600, got "-1"/);
    expect(r.err).not.toMatch(/ambiguous/);
    expect((await cli(['stun', '127.0.0.1:9', '--rto', '-5'])).err).toMatch(/"--rto" expected a number of milliseconds from 1 to 60000, got "-5"/);
    expect((await cli(['rtp', 'stats', 'x.pcap', '--min-packets', '-.5'])).err).toMatch(/"--min-packets" expected an integer from 1/);
  });
});

describe('voip srtp --help and voip rtp --help print the group help (#10 d)', () => {
  for (const group of ['srtp', 'rtp']) {
    it(`voip ${group} --help lists the subcommands, exit 0`, async () => {
      const r = await cli([group, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: voip ${group} <command>`);
      if (group === 'srtp') {
        expect(r.out).toMatch(/voip srtp decrypt\s+SRTP capture/);
        expect(r.out).toMatch(/voip srtp encrypt\s+RTP capture/);
      } else {
        expect(r.out).toMatch(/voip rtp stats\s+per-stream/);
      }
      expect((await cli(['-h', group])).out).toBe(r.out);
    });
  }
});

describe('--debug, --json and --help are accepted anywhere (#10 e)', () => {
  it('before the command', async () => {
    const after = await cli(['rtp', 'stats', '/nonexistent.pcap', '--json']);
    const before = await cli(['--json', 'rtp', 'stats', '/nonexistent.pcap']);
    const between = await cli(['rtp', '--json', 'stats', '/nonexistent.pcap']);
    expect(before).toEqual(after);
    expect(between).toEqual(after);
    expect((await cli(['--debug', 'rtp', 'stats', '/nonexistent.pcap'])).code).toBe(1);
    expect((await cli(['--help', 'srtp', 'encrypt'])).out).toMatch(/^Usage: voip srtp encrypt/);
    expect((await cli(['--help'])).code).toBe(0);
  });
  it('a command without JSON output still accepts --json for its errors', async () => {
    const r = await cli(['srtp', 'decrypt', '--json', '/nonexistent.hex', '--key', 'inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']);
    expect(r.err).not.toMatch(/unknown option/);
  });
  it('after "--" a global flag is an argument', async () => {
    const r = await cli(['rtp', 'stats', '--', '--json']);
    expect(r.err).toMatch(/cannot read "--json"/);
  });
});

describe('with --json, errors are JSON on stderr with the same exit code (#10 f)', () => {
  it('a runtime failure', async () => {
    const r = await cli(['rtp', 'stats', '/nonexistent.pcap', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.err)).toEqual({
      error: { code: 'IO', message: 'voip rtp stats: cannot read "/nonexistent.pcap": no such file or directory' },
    });
    expect(r.out).toBe('');
  });
  it('a usage error and an unknown command', async () => {
    const usage = await cli(['demo', '--json', '--calls', '0']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.err)).toMatchObject({ error: { code: 'USAGE', message: expect.stringMatching(/"--calls" expected an integer/) as unknown } });
    const unknown = await cli(['--json', 'stnu']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.err)).toMatchObject({ error: { code: 'USAGE' } });
  });
});
