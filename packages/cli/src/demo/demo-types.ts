/**
 * The demo's settings, live figures and report (see {@link runDemo}).
 * @module
 */
/** The two G.711 laws the demo can send (RFC 3551 §4.5.14). */
export type G711Law = 'PCMU' | 'PCMA';

/** Settings of one demo run. */
export interface DemoOptions {
  readonly suite: string;
  readonly codec: G711Law;
  readonly durationSec: number;
  readonly calls: number;
  /** Loss probability per RTP packet, 0..1, applied by each sender. */
  readonly loss: number;
  readonly jitterMs: number;
  readonly seed: number;
  /** `host:port` of a real STUN server; undefined: the embedded one. */
  readonly stun: { readonly host: string; readonly port: number } | undefined;
  readonly outDir: string;
  /** 8 kHz mono PCM to send instead of the synthesised music (cut to `durationSec`). */
  readonly audio?: Int16Array;
  /** DTMF digits each side sends after the audio, as RFC 4733 telephone events (payload type 101). */
  readonly dtmf?: string;
  /** Run over IPv6 loopback (::1) instead of 127.0.0.1. */
  readonly ipv6?: boolean;
  /**
   * With `--record DIR`: per call, `DIR/call-<n>.wav` (stereo: left what the caller sent, right what it
   * played) and `DIR/call-<n>.pcap` (the call's RTP in the clear, both directions). Created when missing.
   */
  readonly recordDir?: string;
  /** Called about every 20 ms with live figures. */
  readonly onProgress?: (p: DemoProgress) => void;
  /** Stops the call early. */
  readonly signal?: AbortSignal;
}

/** Live figures for the progress line. */
export interface DemoProgress {
  readonly elapsedSec: number;
  readonly durationSec: number;
  readonly sent: number;
  readonly received: number;
  readonly dropped: number;
  readonly jitterMs: number;
  readonly kbitPerSec: number;
}

/** One direction of one call. */
export interface DemoDirection {
  /** The digits sent this way (with --dtmf), and those received, in order. */
  readonly dtmfSent?: string;
  readonly dtmfReceived?: string;
  readonly call: number;
  readonly from: 'caller' | 'callee';
  readonly to: 'caller' | 'callee';
  readonly sent: number;
  readonly received: number;
  /** Packets the impairment dropped. */
  readonly dropped: number;
  /** Received packets whose payload differed from what was sent for that sequence number. */
  readonly mismatched: number;
  /** Received packets with a sequence number never sent, or received twice. */
  readonly unexpected: number;
  /** Packets neither received nor dropped (lost by the network or the stack): must be 0. */
  readonly missing: number;
  /** Indexes (0 = first packet) of the first ten missing packets, for diagnosis. */
  readonly missingPackets: readonly number[];
  /** Cumulative loss in the receiver's last RTCP report about this stream (RFC 3550 §6.4.1). */
  readonly rtcpLost: number | undefined;
  /** What a compliant receiver must report, computed from the arrival order (RFC 3550 A.1/A.3). */
  readonly expectedRtcpLost: number;
  /** Interarrival jitter in that report, ms. */
  readonly rtcpJitterMs: number | undefined;
  /** SRTP/SRTCP packets that failed authentication at the receiver. */
  readonly authFailed: number;
  /** RTCP compound packets the sender sent and the receiver got. */
  readonly rtcpSent: number;
  readonly rtcpReceived: number;
  /** The decoded PCM in the WAV equals the decode of the sent payloads (silence where dropped). */
  readonly pcmExact: boolean;
  /** Frames the receiver's AudioCall played through its jitter buffer (silence included). */
  readonly playoutFrames: number;
  /** Played frames identical to the decode of the sent frame at the playout lag. */
  readonly playoutExactFrames: number;
  /** How far the playout ran behind the send, ms (the jitter buffer's depth plus the network). */
  readonly playoutLagMs: number;
  /** Median per-frame SNR of the played audio against the decode of what was sent, dB (at least 20 for intact). */
  readonly playoutSnrDb: number;
  /** Whether the playout counted toward `intact` (it does, for any number of calls). */
  readonly playoutChecked: boolean;
  readonly intact: boolean;
  readonly wav: string | undefined;
}

/** One call's recording (`--record`), from the caller's side. */
export interface DemoRecording {
  readonly call: number;
  /** The stereo WAV: left what the caller sent, right what the caller played from the callee. */
  readonly wav: string;
  /** The pcap of the call's RTP in the clear (both directions, the SDP's addresses and ports). */
  readonly pcap: string;
  /** The WAV's length, seconds. */
  readonly wavSeconds: number;
  /** RTP packets in the pcap from the caller (before SRTP protection), audio and DTMF. */
  readonly rtpSent: number;
  /** RTP packets in the pcap to the caller (after SRTP authentication). */
  readonly rtpReceived: number;
}

/** The demo's outcome. */
export interface DemoReport {
  readonly ok: boolean;
  readonly suite: string;
  readonly codec: G711Law;
  /** The codec both AudioCalls chose from the negotiated formats (selectAudioCodec), e.g. `PCMU/8000 (payload type 0)`. */
  readonly audioCodec: string;
  readonly durationSec: number;
  readonly calls: number;
  readonly lossPercent: number;
  readonly jitterMs: number;
  readonly seed: number;
  readonly stunServer: string;
  readonly embeddedStunServer: boolean;
  readonly caller: { readonly local: string; readonly discovered: string };
  readonly callee: { readonly local: string; readonly discovered: string };
  readonly offer: readonly string[];
  readonly answer: string;
  readonly sdpOffer: string;
  readonly sdpAnswer: string;
  readonly directions: readonly DemoDirection[];
  readonly totals: {
    readonly sent: number;
    readonly received: number;
    readonly dropped: number;
    readonly mismatched: number;
    readonly missing: number;
    readonly authFailed: number;
    readonly maxRtcpJitterMs: number;
  };
  /** G.711 quality of the received audio against the original PCM, dB (informative). */
  readonly snrDb: number;
  readonly outDir: string;
  /** With `--record`: the files written, per call. */
  readonly recordings?: readonly DemoRecording[];
  readonly interrupted: boolean;
  readonly elapsedSec: number;
}
