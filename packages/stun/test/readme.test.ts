/** The README's examples, run as written (console output captured). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  StunAttributeType,
  StunMessageType,
  classifyDatagram,
  encodeXorAddressAttribute,
  getXorMappedAddress,
  parseStunMessage,
  serializeStunMessage,
  shortTermKey,
  verifyFingerprint,
  verifyMessageIntegrity,
} from '../src/index.js';
import { StunServer, StunSocket } from '../src/node.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('README examples', () => {
  it('server + socket', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // --- README ---
    const server = new StunServer({ software: 'demo', onRequest: (e) => console.log(e.remote, e.outcome) });
    await server.listen({ host: ['127.0.0.1', '::1'], port: 0 });
    const socket = await StunSocket.open({
      host: '127.0.0.1',
      stunServer: server.address(),
      onError: (err) => console.warn(err),
    });
    console.log('reachable at', socket.reachableAddress, 'bound to', socket.localAddress());
    socket.setDatagramHandler((data, remote) => console.log(classifyDatagram(data), 'from', remote));
    await socket.close();
    await server.close();
    // --- end ---
    expect(log.mock.calls[0]).toEqual([{ family: 'IPv4', address: '127.0.0.1', port: socket.localAddress().port }, 'success']);
    expect(log.mock.calls[1]![1]).toEqual(socket.localAddress());
  });

  it('codec', () => {
    const key = shortTermKey('ice-password');
    const transactionId = crypto.getRandomValues(new Uint8Array(12));
    const bytes = serializeStunMessage(
      {
        type: StunMessageType.BindingSuccessResponse,
        transactionId,
        attributes: [{ type: StunAttributeType.XorMappedAddress, value: encodeXorAddressAttribute({ address: '192.0.2.1', port: 32853 }, transactionId) }],
      },
      { integrity: key, fingerprint: true },
    );
    const msg = parseStunMessage(bytes);
    expect(verifyMessageIntegrity(msg, key) && verifyFingerprint(msg)).toBe(true);
    expect(getXorMappedAddress(msg)).toEqual({ family: 'IPv4', address: '192.0.2.1', port: 32853 });
  });
});
