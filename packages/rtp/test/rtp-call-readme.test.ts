// The README "Many calls on one socket" example, run as written (extracted from README.md), plus a peer
// that calls it where the example says "... later", so the example keeps working.
import { readFileSync } from 'node:fs';
import { createSrtpSessionPair, type SrtpKeyingMaterial } from '@voip/srtp';
import { expect, it } from 'vitest';
import { loadReadmeBlock, readmeBlocks } from '../../../test/readme-blocks.js';
import { RtpCall, RtpMultiplexer } from '../src/index.js';
import { createUdpTransport } from '../src/node.js';
import { until } from './multiplexer-fixtures.js';

const block = readmeBlocks(readFileSync(new URL('../README.md', import.meta.url), 'utf8'))[1] ?? '';

it('README multiplexer example: wildcard SRTP echo call, statistics, hangUp', async () => {
  const log: unknown[] = [];
  const quiet = (): void => {};
  const console = { log: (x: unknown): void => void log.push(x), debug: quiet, warn: quiet, error: quiet };
  const echoes: number[] = [];
  let peerMux: RtpMultiplexer | undefined;
  const example = await loadReadmeBlock(block, 'rtp-multiplexer');
  await example.run(console, async (scope) => {
    const { mux, local, remote } = scope as { mux: RtpMultiplexer; local: SrtpKeyingMaterial; remote: SrtpKeyingMaterial };
    peerMux = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1' }));
    const peer = new RtpCall({
      multiplexer: peerMux,
      media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: '127.0.0.1', remotePort: mux.localAddress().port, rtcpMux: true },
      srtp: createSrtpSessionPair({ local: remote, remote: local }),
      onPacket: (p) => echoes.push(p.sequenceNumber),
    });
    peerMux.registerCall(mux.localAddress(), peer);
    for (let seq = 1; seq <= 5; seq++) {
      peer.sendPacket({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, payload: new Uint8Array(160) });
    }
    await until(() => echoes.length === 5, 3000, 'echoes');
  });
  await peerMux?.close();
  expect(echoes).toEqual([1, 2, 3, 4, 5]);
  expect(log).toEqual([['a=rtpmap:0 PCMU/8000'], 5, 'SIP BYE to sip:alice@example.com: normal clearing']);
});
