/**
 * The messages between an {@link RtpWorkerPool} and its workers: small structured-clone objects only
 * (ids, addresses, counters); media never crosses threads.
 * @module
 */
import type { MediaDescription } from '../call/media-description.js';

/** An inclusive range of UDP ports. */
export interface RtpPortRange {
  /** First port of the range. */
  readonly min: number;
  /** Last port of the range (inclusive). */
  readonly max: number;
}

/**
 * What the main thread asks for when it places a call: the negotiated media (the remote address and
 * port from the SDP) and anything structured-cloneable the worker's handler needs (keys from
 * `a=crypto`, a call reference...).
 */
export interface RtpWorkerCallRequest {
  /** The media of the call, as for `RtpCall` (remoteAddress / remotePort from the remote SDP). */
  readonly media: MediaDescription;
  /** Structured-cloneable data handed to the worker's handler as is. */
  readonly data?: unknown;
}

/** Counters of one call, sent back when it ends. */
export interface RtpWorkerCallStats {
  /** RTP packets the call sent. */
  readonly packetsSent: number;
  /** RTP packets delivered to the call. */
  readonly packetsReceived: number;
  /** Packets lost, as RTCP reports them (RFC 3550 §6.4.1). */
  readonly packetsLost: number;
}

/** What the worker data of a pool's worker holds (set by the pool, read by {@link serveRtpWorker}). */
export interface RtpWorkerInit {
  readonly kind: '@voip/rtp worker';
  readonly index: number;
  readonly host: string;
  readonly type: 'udp4' | 'udp6';
  readonly portRange: RtpPortRange;
  readonly receiveBufferSize: number | undefined;
  readonly sendBufferSize: number | undefined;
  readonly data: unknown;
}

/** Main thread to worker. */
export type RtpPoolToWorker =
  | { readonly type: 'place'; readonly id: number; readonly request: RtpWorkerCallRequest }
  | { readonly type: 'end'; readonly id: number; readonly reason: string | undefined }
  | { readonly type: 'close' };

/** Worker to main thread. */
export type RtpWorkerToPool =
  | { readonly type: 'ready'; readonly address: string; readonly port: number }
  | { readonly type: 'start-failed'; readonly message: string }
  | { readonly type: 'placed'; readonly id: number }
  | { readonly type: 'rejected'; readonly id: number; readonly message: string }
  | { readonly type: 'ended'; readonly id: number; readonly by: 'local' | 'remote'; readonly reason: string | undefined; readonly stats: RtpWorkerCallStats }
  | { readonly type: 'event'; readonly id: number | undefined; readonly event: unknown }
  | { readonly type: 'closed' };
