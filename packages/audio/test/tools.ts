/** External reference tools (ffmpeg, ffprobe, sox) for comparison tests: present, or skipped visibly (failed in CI). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';

/** True when `tool -version` (or `--version`) runs. */
export function hasTool(tool: string): boolean {
  for (const flag of ['-version', '--version']) {
    const r = spawnSync(tool, [flag], { stdio: 'ignore' });
    if (r.error === undefined && r.status === 0) {
      return true;
    }
  }
  return false;
}

/**
 * When `tool` is missing, registers one test that says so: skipped with the reason locally, failed
 * when `CI === 'true'` (CI must have the reference tool). Returns whether the tool is there.
 */
export function requireTool(tool: string, what: string): boolean {
  const present = hasTool(tool);
  if (!present) {
    it(`${what}: skipped, ${tool} is not installed`, (ctx) => {
      if (process.env.CI === 'true') {
        throw new Error(`${tool} is required in CI for: ${what}`);
      }
      ctx.skip();
    });
  }
  return present;
}

/** Runs `tool args`, with `input` written to a temporary `in` file and `out` read back; `{in}`/`{out}` in args are replaced. */
export function runTool(tool: string, args: string[], input: Uint8Array, inName = 'in.raw', outName = 'out.raw'): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'voip-audio-'));
  try {
    const inPath = join(dir, inName);
    const outPath = join(dir, outName);
    writeFileSync(inPath, input);
    const r = spawnSync(tool, args.map((a) => a.replace('{in}', inPath).replace('{out}', outPath)), { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`${tool} failed (${r.status}): ${r.stderr}`);
    }
    return new Uint8Array(readFileSync(outPath));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `tool args` and returns its stdout (for ffprobe). */
export function toolOutput(tool: string, args: string[], input: Uint8Array, inName: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'voip-audio-'));
  try {
    const inPath = join(dir, inName);
    writeFileSync(inPath, input);
    const r = spawnSync(tool, args.map((a) => a.replace('{in}', inPath)), { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`${tool} failed (${r.status}): ${r.stderr}`);
    }
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Little-endian bytes of `pcm` (s16le). */
export function s16le(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length * 2);
  const view = new DataView(out.buffer);
  pcm.forEach((s, i) => view.setInt16(i * 2, s, true));
  return out;
}

/** `bytes` read as s16le samples. */
export function fromS16le(bytes: Uint8Array): Int16Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int16Array.from({ length: bytes.length >> 1 }, (_, i) => view.getInt16(i * 2, true));
}
