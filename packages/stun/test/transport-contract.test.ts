/**
 * StunSocket satisfies @voip/rtp's DatagramTransport by shape. The interface is copied here verbatim
 * (no @voip package imports another); @voip/rtp has the authoritative contract test.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { StunSocket } from '../src/node.js';

interface TransportAddress {
  readonly address: string;
  readonly port: number;
  readonly family?: 'IPv4' | 'IPv6';
}
type DatagramHandler = (data: Uint8Array, remote: TransportAddress) => void;
interface DatagramTransport {
  send(data: Uint8Array, remote: TransportAddress): void;
  sendBorrowed?(data: Uint8Array, remote: TransportAddress): boolean;
  setDatagramHandler(handler: DatagramHandler | undefined): void;
  localAddress(): TransportAddress;
  close(): Promise<void>;
}

describe('contract: StunSocket is a DatagramTransport', () => {
  it('type-checks as one', () => {
    expectTypeOf<StunSocket>().toExtend<DatagramTransport>();
    expectTypeOf<StunSocket['sendBorrowed']>().toEqualTypeOf<(data: Uint8Array, remote: TransportAddress) => boolean>();
  });
  it('works as one at run time: echo through the interface', async () => {
    const a: DatagramTransport = await StunSocket.open({ host: '127.0.0.1', stunServer: null });
    const b: DatagramTransport = await StunSocket.open({ host: '127.0.0.1', stunServer: null });
    try {
      a.setDatagramHandler((data, remote) => a.send(data, remote));
      const echoed = new Promise<Uint8Array>((resolve) => b.setDatagramHandler((data) => resolve(data.slice())));
      b.send(Uint8Array.of(0x80, 0, 0, 7), a.localAddress());
      expect([...(await echoed)]).toEqual([0x80, 0, 0, 7]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
