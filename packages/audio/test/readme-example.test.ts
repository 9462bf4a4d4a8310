// The README's code block, run as written (extracted from README.md, never a hand copy), so it keeps working.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadReadmeBlock, readmeBlocks } from '../../../test/readme-blocks.js';

const blocks = readmeBlocks(readFileSync(new URL('../README.md', import.meta.url), 'utf8'));

it('the README has its two examples, importing @voip/audio', () => {
  expect(blocks).toHaveLength(2);
  expect(blocks[0]).toContain("from '@voip/audio';");
  expect(blocks[1]).toContain("from '@voip/audio';");
});

it('the README example runs: the bot\'s 300 ms go through pacing, the jitter buffer and the resampler', async () => {
  const log: unknown[][] = [];
  const example = await loadReadmeBlock(blocks[0]!, 'audio-voice-bot');
  await example.run({ ...console, log: (...args: unknown[]) => void log.push(args) });
  expect(log[0]).toEqual(['queued ms', expect.any(Number)]);
  expect(log[0]![1]).toBeGreaterThan(290);
  expect(log[1]).toEqual(['lost', 0, 'late', 0]);
  expect(log[2]![0]).toBe('heard ms');
  expect(log[2]![1]).toBeGreaterThanOrEqual(300);
});

it('the README recording example runs: a stereo WAV of 8 kHz as long as the call ran', async () => {
  const log: unknown[][] = [];
  const example = await loadReadmeBlock(blocks[1]!, 'audio-call-recorder');
  await example.run({ ...console, log: (...args: unknown[]) => void log.push(args) });
  expect(log[0]!.slice(0, 4)).toEqual(['channels', 2, 'rate', 8000]);
  expect(log[0]![5]).toBeGreaterThanOrEqual(0.6 * 8000); // about 700 ms of both directions
  expect(log[0]![5]).toBeLessThan(2 * 8000);
});
