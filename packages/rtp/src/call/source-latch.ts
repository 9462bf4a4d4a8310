/**
 * Which remote a call listens to and answers: the latching rule against RTP Bleed (media injection by
 * whoever sends first to an open port), symmetric RTP/RTCP (RFC 4961,
 * https://www.rfc-editor.org/rfc/rfc4961) and the RTCP address rules of RFC 3550 §11 and RFC 5761.
 * Internal to {@link RtpCall}; not exported from the package.
 * @module
 */
import { transportAddressKey } from '../transport/address-key.js';
import type { MediaDescription } from './media-description.js';
import type { RtpPacket } from '../packet/rtp-packet.js';
import type { TransportAddress } from '../transport/transport.js';

/**
 * How a wildcard call (registered with `null`) picks its remote, against RTP Bleed (media injection
 * and hijacking by whoever sends first to an open port):
 *
 * - `'first-valid-rtp'` (default): latch to the source of the first packet that is valid, then drop
 *   packets from every other source (counted as `latchRejected`). With a receive SRTP context, valid
 *   means it authenticates (RFC 3711 §3.3); without one, a well-formed RTP packet (RFC 3550 §5.1) whose
 *   payload type is one of the call's media descriptions and, when `remoteSsrc` is given, whose SSRC
 *   matches. RTCP never latches: before latching it is only accepted when it authenticates.
 * - `'off'`: accept every source (no protection against RTP Bleed; only for trusted networks).
 *
 * Calls registered with an explicit address only ever see that address (and its RTCP port).
 * Background: RTP Bleed (https://www.rtpbleed.com/), symmetric RTP (RFC 4961,
 * https://www.rfc-editor.org/rfc/rfc4961).
 * @example
 * ```ts
 * import type { RtpLatching } from '@voip/rtp';
 * const latching: RtpLatching = 'first-valid-rtp';
 * ```
 */
export type RtpLatching = 'first-valid-rtp' | 'off';

/** A frozen copy: a destination that cannot change, which the UDP transport checks once, not per send. */
const copy = (a: TransportAddress): TransportAddress => (Object.isFrozen(a) ? a : Object.freeze({ address: a.address, port: a.port, family: a.family }));

/** The latch state of one call. */
export class SourceLatch {
  readonly #mode: RtpLatching;
  readonly #media: MediaDescription | undefined;
  /** The media's remote RTP address, when it names one. */
  readonly #mediaRemote: TransportAddress | undefined;
  /** The payload types of the call's media (a few: an array costs less per call than a Set). */
  readonly #payloadTypes: readonly number[];
  readonly #remoteSsrc: number | undefined;
  #latched: TransportAddress | undefined;
  #latchedKey: string | undefined;
  #rtcpSource: TransportAddress | undefined;
  #firstSource: TransportAddress | undefined;

  constructor(mode: RtpLatching, media: readonly MediaDescription[], remoteSsrc: number | undefined) {
    if (mode !== 'first-valid-rtp' && mode !== 'off') {
      throw new TypeError(`"latching" expected 'first-valid-rtp' or 'off', got ${JSON.stringify(mode)}`);
    }
    this.#mode = mode;
    this.#media = media[0];
    const first = media[0];
    // One object for the life of the call, not one per packet sent.
    this.#mediaRemote =
      first?.remoteAddress !== undefined && first.remotePort !== undefined
        ? Object.freeze({ address: first.remoteAddress, port: first.remotePort })
        : undefined;
    this.#payloadTypes = media.map((m) => m.payloadType);
    this.#remoteSsrc = remoteSsrc;
  }

  /** The latched source, if any. */
  get latched(): TransportAddress | undefined {
    return this.#latched;
  }

  /** Whether latching applies to a datagram (wildcard route and latching on). */
  applies(viaWildcard: boolean): boolean {
    return viaWildcard && this.#mode !== 'off';
  }

  /** Before SRTP and parsing: false when latched to another source. */
  rtpSourceAllowed(remote: TransportAddress): boolean {
    if (this.#latchedKey === undefined) {
      return true;
    }
    const latched = this.#latched;
    // The same spelling as the latched source (the usual case) needs no key, so no string per packet.
    if (latched !== undefined && remote.port === latched.port && remote.address === latched.address) {
      return true;
    }
    return transportAddressKey(remote) === this.#latchedKey;
  }

  /**
   * After SRTP and parsing: latches when not latched yet and the packet is valid. Authenticated
   * packets always are; without SRTP, the payload type must be the call's and the SSRC the announced
   * one (when announced). Returns false for an unexpected packet before latching.
   */
  latchOnRtp(packet: RtpPacket, remote: TransportAddress, authenticated: boolean): boolean {
    if (this.#latchedKey !== undefined) {
      return true;
    }
    if (
      !authenticated &&
      (!this.#payloadTypes.includes(packet.payloadType) || (this.#remoteSsrc !== undefined && packet.ssrc !== this.#remoteSsrc))
    ) {
      return false;
    }
    this.#latched = copy(remote);
    this.#latchedKey = transportAddressKey(remote);
    return true;
  }

  /** Remembers the first source of delivered RTP (the default destination when nothing else names one). */
  rtpDelivered(remote: TransportAddress): void {
    this.#firstSource ??= copy(remote);
  }

  /**
   * Whether RTCP from `remote` may be processed under latching: before latching only when it can be
   * authenticated; after, only from the latched IP on the RTP port (rtcp-mux) or its RTCP port.
   */
  rtcpSourceAllowed(remote: TransportAddress, authenticated: boolean): 'ok' | 'not-latched' | 'other-source' {
    const latched = this.#latched;
    if (latched === undefined) {
      return authenticated ? 'ok' : 'not-latched';
    }
    const key = transportAddressKey(remote);
    if (key === this.#latchedKey) {
      return 'ok';
    }
    const rtcp = this.rtcpRemoteAddress(latched);
    return rtcp !== undefined && key === transportAddressKey(rtcp) ? 'ok' : 'other-source';
  }

  /** Remembers where the latched remote's RTCP comes from, to answer there (symmetric RTCP). */
  rtcpDelivered(remote: TransportAddress): void {
    if (this.#latched !== undefined) {
      this.#rtcpSource = copy(remote);
    }
  }

  /** The remote RTP address: latched, else the media's, else the first source heard. */
  remoteAddress(): TransportAddress | undefined {
    if (this.#latched !== undefined) {
      return this.#latched;
    }
    return this.#mediaRemote ?? this.#firstSource;
  }

  /**
   * Where RTCP for an RTP remote goes when it is not the RTP address itself: `remoteRtcpPort` (RFC 3605)
   * or port + 1 (RFC 3550 §11) without rtcp-mux; undefined with rtcp-mux (RFC 5761).
   */
  rtcpRemoteAddress(rtp: TransportAddress): TransportAddress | undefined {
    const media = this.#media;
    if (media?.rtcpMux === true) {
      return undefined;
    }
    const sameAsMedia = media?.remoteAddress !== undefined && media.remotePort === rtp.port;
    const port = sameAsMedia && media.remoteRtcpPort !== undefined ? media.remoteRtcpPort : rtp.port + 1;
    return port <= 65535 ? { address: rtp.address, port } : undefined;
  }

  /** Where our RTCP goes: where the remote's RTCP came from, else the RTP remote (mux) or its RTCP port. */
  rtcpDestination(): TransportAddress | undefined {
    if (this.#rtcpSource !== undefined) {
      return this.#rtcpSource;
    }
    const rtp = this.remoteAddress();
    return rtp === undefined ? undefined : (this.rtcpRemoteAddress(rtp) ?? rtp);
  }

  /** Forgets the latch (and the sources learnt from it). */
  reset(): void {
    this.#latched = undefined;
    this.#latchedKey = undefined;
    this.#rtcpSource = undefined;
    this.#firstSource = undefined;
  }
}
