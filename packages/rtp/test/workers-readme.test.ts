// The README's worker-pool block, run as written, with the test worker script as its media-worker.js.
import { copyFile, mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { loadReadmeBlock, readmeBlocks } from '../../../test/readme-blocks.js';
import { bundleWorker } from '../../../test/bundle-worker.js';

const blocks = readmeBlocks(readFileSync(new URL('../README.md', import.meta.url), 'utf8'));

it('README example 3 (RtpWorkerPool) places a call on a worker, ends it and closes', async () => {
  const block = blocks[2]!;
  expect(block).toContain('createRtpWorkerPool');
  // loadReadmeBlock writes the block next to this dir, where its `./media-worker.js` is looked up.
  const dir = join(tmpdir(), `voip-readme-blocks-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const worker = await bundleWorker(new URL('./workers-echo-worker.ts', import.meta.url));
  try {
    await copyFile(fileURLToPath(worker.url), join(dir, 'media-worker.js'));
    const log: unknown[] = [];
    const example = await loadReadmeBlock(block, 'rtp-workers');
    await example.run({ ...console, log: (x: unknown) => void log.push(x) });
    expect(log[0]).toMatch(/^worker 0: m=audio 410\d\d RTP\/AVP 0$/);
    expect(log).toContain('call-ended');
    expect(log).toContain('local');
  } finally {
    await worker.dispose();
  }
});
