// The README's code blocks, run as written (extracted from README.md, never a hand copy), so they keep working.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadReadmeBlock, readmeBlocks } from '../../../test/readme-blocks.js';

const blocks = readmeBlocks(readFileSync(new URL('../README.md', import.meta.url), 'utf8'));

it('the README has its two examples: packets and statistics, then calls on a multiplexer', () => {
  expect(blocks).toHaveLength(3);
  expect(blocks[0]).toContain("from '@voip/rtp';");
  expect(blocks[1]).toContain("from '@voip/rtp/node';");
});

it('README example 1 runs and prints [SR, SDES]', async () => {
  const log: unknown[] = [];
  const example = await loadReadmeBlock(blocks[0]!, 'rtp-packets');
  await example.run({ ...console, log: (x: unknown) => void log.push(x) });
  expect(log).toEqual([['SR', 'SDES']]);
});
