import { afterEach, describe, expect, it } from 'vitest';
import { StunSocket } from '../src/node.js';

let sockets: StunSocket[] = [];
afterEach(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  sockets = [];
});

async function open(options: Parameters<typeof StunSocket.open>[0]): Promise<StunSocket> {
  const socket = await StunSocket.open({ host: '127.0.0.1', stunServer: null, ...options });
  sockets.push(socket);
  return socket;
}

describe('StunSocket kernel buffer sizes (SO_RCVBUF / SO_SNDBUF)', () => {
  it.runIf(process.platform === 'linux')('applies receiveBufferSize and sendBufferSize (Linux reports twice the request)', async () => {
    const plain = await open({});
    const sized = await open({ receiveBufferSize: 32_768, sendBufferSize: 16_384 });
    expect(sized.bufferSizes()).toEqual({ receive: 65_536, send: 32_768 });
    // The default differs, so an ignored option cannot pass the assertion above.
    expect(plain.bufferSizes().receive).not.toBe(65_536);
  });

  it('still serves datagrams with a large receive buffer', async () => {
    const a = await open({ receiveBufferSize: 1 << 20 });
    const b = await open({});
    const got = new Promise<Uint8Array>((resolve) => a.setDatagramHandler((data) => resolve(new Uint8Array(data))));
    b.send(new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9]), a.localAddress());
    expect(Array.from(await got)).toEqual([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9]);
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 31])('refuses a buffer size of %s with a RangeError before binding', async (size) => {
    await expect(StunSocket.open({ host: '127.0.0.1', stunServer: null, receiveBufferSize: size })).rejects.toThrow(
      /"receiveBufferSize" expected a positive integer of bytes/,
    );
    await expect(StunSocket.open({ host: '127.0.0.1', stunServer: null, sendBufferSize: size })).rejects.toThrow(RangeError);
  });
});
