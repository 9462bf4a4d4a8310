import { describe, expect, it } from 'vitest';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';

async function help(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

function examples(text: string): string[] {
  const at = text.indexOf('Examples:\n');
  return text
    .slice(at + 'Examples:\n'.length)
    .split('\n')
    .filter((l) => l.startsWith('  '))
    .map((l) => l.trim());
}

const keyFlags = (line: string): number => (line.match(/(?:^|\s)(?:-k|--key)\s/g) ?? []).length;

describe('voip srtp encrypt --help has its own examples (#14.1)', () => {
  it('every encrypt example runs encrypt with exactly one key, and none talks of caller and callee keys', async () => {
    const r = await help(['srtp', 'encrypt', '--help']);
    expect(r.code).toBe(0);
    const ex = examples(r.out);
    expect(ex.length).toBeGreaterThanOrEqual(3);
    for (const line of ex) {
      expect(line).toMatch(/voip srtp encrypt /);
      expect(line).not.toMatch(/decrypt/);
      expect(keyFlags(line)).toBe(1);
    }
    expect(r.out).not.toMatch(/caller|callee|Repeat it/);
  });
  it('decrypt keeps the two-key example', async () => {
    const r = await help(['srtp', 'decrypt', '--help']);
    const ex = examples(r.out);
    expect(ex.every((l) => l.includes('voip srtp decrypt '))).toBe(true);
    expect(ex.some((l) => keyFlags(l) === 2)).toBe(true);
    expect(r.out).toMatch(/Repeat it for the two directions/);
  });
});
