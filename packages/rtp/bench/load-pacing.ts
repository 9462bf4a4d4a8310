/**
 * Paces the load run's senders: every call sends `packetsPerSecond`, one packet per call per round,
 * rounds scheduled by elapsed time. Each round is sent in small slices with a `setImmediate` yield in
 * between, so the event loop polls the sockets often: libuv reads at most 32 datagrams from a socket
 * per loop iteration, and one long synchronous burst of sends would let the receive buffer overflow.
 */
import type { RtpSendPacket } from '../src/index.js';

/** What the pacer sends through: an `RtpCall`, or the floor's and the harness's stand-ins. */
export interface PacedSender {
  sendPacket(packet: RtpSendPacket): unknown;
}

const PAYLOAD = new Uint8Array(160); // 20 ms of PCMU
const SLICE = 10;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const yieldToPoll = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Sends `packetsPerSecond × seconds` packets from every call.
 * @returns The number of packets sent (all calls).
 */
export async function paceCalls(calls: readonly PacedSender[], packetsPerSecond: number, seconds: number, onSecond?: (second: number) => void): Promise<number> {
  const total = Math.round(packetsPerSecond * seconds);
  const start = performance.now();
  let round = 0;
  let sent = 0;
  while (round < total) {
    const due = Math.floor(((performance.now() - start) / 1000) * packetsPerSecond) + 1;
    if (round >= due) {
      await sleep(1);
      continue;
    }
    const sequenceNumber = (round + 1) & 0xffff;
    const timestamp = ((round + 1) * 160) >>> 0;
    for (let i = 0; i < calls.length; i++) {
      calls[i]?.sendPacket({ payloadType: 0, sequenceNumber, timestamp, payload: PAYLOAD });
      sent++;
      if (i % SLICE === SLICE - 1) {
        await yieldToPoll();
      }
    }
    round++;
    if (round % packetsPerSecond === 0) {
      onSecond?.(round / packetsPerSecond);
    }
  }
  return sent;
}
