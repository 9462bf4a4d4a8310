/**
 * The buffers the call path reuses instead of allocating per packet, shared by every call of the
 * thread (JavaScript runs one handler at a time, so one set serves them all and costs no memory per
 * call). Each set has a `busy` flag: a send or receive re-entered while one is in progress (a
 * synchronous in-memory transport, a handler that sends) finds it taken and allocates as before.
 * @module
 */
import { ViewCache } from '../packet/view-cache.js';
import type { MutableRtpPacket, RtpDecodeReuse, RtpPacketInit } from '../packet/rtp-packet.js';

/** The largest serialized RTP or RTCP packet the reused send buffers take; larger ones are allocated. */
export const REUSED_PACKET_BYTES = 2048;
/** Room after the packet for the SRTP/SRTCP trailer: auth tag (up to 16), SRTCP index (4), MKI (up to 128). */
const TRAILER_ROOM = 256;

/** One byte buffer with cached exact-length views of its start. */
export class ReusedBuffer {
  readonly capacity: number;
  #bytes: Uint8Array;
  readonly #views = new ViewCache();

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#bytes = new Uint8Array(capacity);
  }

  /** The whole buffer, to write into. */
  get bytes(): Uint8Array {
    return this.#bytes;
  }

  /** Its first `length` bytes, as a cached view. */
  head(length: number): Uint8Array {
    return this.#views.view(this.#bytes, 0, length);
  }

  /** Gives the memory away (a transport still reads it): the next user writes into a new buffer. */
  abandon(): void {
    this.#bytes = new Uint8Array(this.capacity);
    this.#views.clear();
  }
}

/** What a send uses: the serialized packet and the protected datagram. */
export interface SendBuffers {
  busy: boolean;
  readonly plain: ReusedBuffer;
  readonly wire: ReusedBuffer;
}

/** What a receive with reused packets uses; see {@link receiveBuffers}. */
export interface ReceiveBuffers {
  busy: boolean;
  readonly plain: ReusedBuffer;
  readonly packet: MutableRtpPacket;
  readonly reuse: RtpDecodeReuse;
}

/**
 * The packet a send fills in (our SSRC and sequence number over the application's fields) and
 * serializes: read only before the datagram goes to the transport.
 */
export const sendInit: { -readonly [K in keyof RtpPacketInit]: RtpPacketInit[K] } = {
  payloadType: 0,
  sequenceNumber: 0,
  timestamp: 0,
  ssrc: 0,
  payload: new Uint8Array(0),
  marker: undefined,
  csrcs: undefined,
  extension: undefined,
  paddingLength: undefined,
};

/** The thread's send buffers. */
export const sendBuffers: SendBuffers = {
  busy: false,
  plain: new ReusedBuffer(REUSED_PACKET_BYTES),
  wire: new ReusedBuffer(REUSED_PACKET_BYTES + TRAILER_ROOM),
};

/**
 * What a receive with reused packets uses: the decrypted packet, the packet object handed to the
 * application, and its CSRC list, extension and views. Valid until the handler returns.
 */
export const receiveBuffers: ReceiveBuffers = {
  busy: false,
  plain: new ReusedBuffer(REUSED_PACKET_BYTES + TRAILER_ROOM),
  packet: {
    payloadType: 0,
    sequenceNumber: 0,
    timestamp: 0,
    ssrc: 0,
    marker: false,
    csrcs: [],
    extension: undefined,
    payload: new Uint8Array(0),
    paddingLength: 0,
  },
  reuse: {
    csrcs: [],
    extension: { profile: 0, data: new Uint8Array(0) },
    views: new ViewCache(),
  },
};
