// The README's examples, run as written (extracted from README.md, never a hand copy; console captured).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadReadmeBlock, readmeBlocks } from '../../../test/readme-blocks.js';

const blocks = readmeBlocks(readFileSync(new URL('../README.md', import.meta.url), 'utf8'));

/** Runs README block `index` and returns what it logged, one array of arguments per call. */
async function run(index: number, name: string): Promise<unknown[][]> {
  const calls: unknown[][] = [];
  const record = (...args: unknown[]): void => void calls.push(args);
  const quiet = (): void => {};
  const example = await loadReadmeBlock(blocks[index]!, name);
  await example.run({ log: record, warn: record, error: record, debug: quiet });
  return calls;
}

describe('README examples', () => {
  it('are the two blocks: server and socket (from @voip/stun/node), then the codec (@voip/stun)', () => {
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain("from '@voip/stun/node';");
    expect(blocks[1]).not.toContain('/node');
  });

  it('server + socket: discovery through the local server, one request logged', async () => {
    const calls = await run(0, 'stun-server-socket');
    const [reachable, bound] = [calls[1]?.[1], calls[1]?.[3]] as { port: number }[];
    expect(calls[1]?.[0]).toBe('reachable at');
    expect(reachable).toEqual(bound); // loopback: what the server saw is where we are bound
    expect(calls[0]).toEqual([{ family: 'IPv4', address: '127.0.0.1', port: bound!.port }, 'success']);
    expect(calls).toHaveLength(2);
  });

  it('codec: integrity and fingerprint verify, the XOR-MAPPED-ADDRESS decodes', async () => {
    expect(await run(1, 'stun-codec')).toEqual([[true], [{ family: 'IPv4', address: '192.0.2.1', port: 32853 }]]);
  });
});
