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

/** What {@link pace} did: packets sent, how long it took, and what the deadline cut off. */
export interface PaceResult {
  /** Packets sent (all calls). */
  readonly sent: number;
  /** Packets not sent because the deadline came first (0 when the pacer finished). */
  readonly unsent: number;
  /** Wall time from the first round to the last send (or to the deadline), seconds. */
  readonly seconds: number;
  /** Media seconds still to send when the deadline stopped the pacer (0 when it finished). */
  readonly behindSeconds: number;
}

/**
 * Sends `packetsPerSecond × seconds` packets from every call, one round per packet interval, and
 * stops at `deadlineSeconds` of wall time even when rounds are left (a pacer that fell behind on a
 * loaded machine ends in bounded time, reporting what it did not send).
 */
export async function pace(
  calls: readonly PacedSender[],
  packetsPerSecond: number,
  seconds: number,
  options: { readonly deadlineSeconds?: number; readonly onSecond?: (second: number) => void } = {},
): Promise<PaceResult> {
  const total = Math.round(packetsPerSecond * seconds);
  const deadlineMs = (options.deadlineSeconds ?? Infinity) * 1000;
  const start = performance.now();
  let round = 0;
  let sent = 0;
  while (round < total && performance.now() - start < deadlineMs) {
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
      options.onSecond?.(round / packetsPerSecond);
    }
  }
  const unsent = total * calls.length - sent;
  return { sent, unsent, seconds: (performance.now() - start) / 1000, behindSeconds: (total - round) / packetsPerSecond };
}

/**
 * Sends `packetsPerSecond × seconds` packets from every call (no deadline).
 * @returns The number of packets sent (all calls).
 */
export async function paceCalls(calls: readonly PacedSender[], packetsPerSecond: number, seconds: number, onSecond?: (second: number) => void): Promise<number> {
  return (await pace(calls, packetsPerSecond, seconds, onSecond === undefined ? {} : { onSecond })).sent;
}
