/**
 * The worker script of workers.test.ts: every call sends `data.send` PCMU packets (20 ms apart) to
 * its remote and counts what it receives; `data.crash` makes the worker throw from a timer (an
 * uncaught exception kills the thread); `data.reject` makes onCall throw.
 */
import { serveRtpWorker } from '../src/node.js';

interface TestData {
  readonly send?: number;
  readonly crash?: boolean;
  readonly reject?: boolean;
}

void serveRtpWorker({
  callOptions: (placed) => ({
    onPacket: (packet) => {
      if (packet.payload.length !== 160) {placed.emit({ bad: packet.payload.length });}
    },
  }),
  onCall(call, placed) {
    const data = (placed.request.data ?? {}) as TestData;
    if (data.reject === true) {
      throw new Error('this call is refused');
    }
    if (data.crash === true) {
      setTimeout(() => {
        throw new Error('worker boom');
      }, 50);
      return;
    }
    let left = data.send ?? 0;
    let timestamp = 0;
    const timer = setInterval(() => {
      if (call.ended || left <= 0) {
        clearInterval(timer);
        if (!call.ended) {placed.emit({ sent: data.send });}
        return;
      }
      left--;
      call.sendPacket({ payloadType: 0, timestamp: (timestamp += 160), payload: new Uint8Array(160).fill(0xff) });
    }, 20);
  },
});
