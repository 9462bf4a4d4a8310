/**
 * `voip demo --record DIR`: one call's recording on disk, from the caller's side. `DIR/call-<n>.wav`
 * is the stereo WAV of `@voip/audio`'s `CallRecorder` (left: what the caller sent, right: what it
 * played), `DIR/call-<n>.pcap` the call's RTP in the clear, both directions, as UDP/IPv4 or IPv6 frames
 * between the addresses and ports of the SDP offer and answer.
 * @module
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CallRecorder, type AudioCall, type CaptureContexts, type CaptureReceiveContext, type CaptureSendContext, type RecordedRtpPacket } from '@voip/audio';
import { CliError, describeFsError } from '../errors.js';
import { LinkType } from '../pcap/pcap-file.js';
import { PcapWriter } from '../pcap/pcap-writer.js';
import { buildUdpFrame } from '../pcap/udp-frame.js';
import type { DemoRecording } from './demo-types.js';

/** A media endpoint as the SDP gives it. */
export interface RecordingEndpoint {
  readonly address: string;
  readonly port: number;
}

/**
 * Creates `dir` (and its parents) when missing.
 * @throws {CliError} `IO` when it cannot be created.
 */
export function ensureRecordDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new CliError('IO', describeFsError(e, dir, 'create'), { cause: e });
  }
}

/** One call's WAV and pcap being written. */
export class DemoCallRecording {
  readonly call: number;
  readonly wavPath: string;
  readonly pcapPath: string;
  readonly #recorder: CallRecorder;
  readonly #wavFd: number;
  readonly #pcap: PcapWriter;
  readonly #local: RecordingEndpoint;
  readonly #remote: RecordingEndpoint;
  /** The first write error: recording stops there and `finish` reports it. */
  #error: unknown;
  #wavBytes = 0;
  #sent = 0;
  #received = 0;
  #closed = false;
  #report: DemoRecording | undefined;

  /**
   * Opens `dir/call-<call>.wav` and `dir/call-<call>.pcap`.
   * @param dir - the directory (created when missing)
   * @param call - the call's number, from 1
   * @param local - the caller's media address (its SDP)
   * @param remote - the callee's media address (its SDP)
   * @throws {CliError} `IO` when a file cannot be created
   */
  constructor(dir: string, call: number, local: RecordingEndpoint, remote: RecordingEndpoint) {
    ensureRecordDir(dir);
    this.call = call;
    this.wavPath = join(dir, `call-${call}.wav`);
    this.pcapPath = join(dir, `call-${call}.pcap`);
    this.#local = local;
    this.#remote = remote;
    try {
      this.#wavFd = openSync(this.wavPath, 'w');
    } catch (e) {
      throw new CliError('IO', describeFsError(e, this.wavPath, 'write'), { cause: e });
    }
    try {
      this.#pcap = PcapWriter.create(this.pcapPath, LinkType.ETHERNET, true);
    } catch (e) {
      closeSync(this.#wavFd);
      throw e;
    }
    this.#recorder = new CallRecorder({ onWav: (chunk) => this.#writeWav(chunk), onPacket: (packet) => this.#writePacket(packet) });
  }

  /** The caller's SRTP contexts, wrapped so the pcap gets its RTP in the clear. */
  capture(contexts: { readonly send: CaptureSendContext; readonly receive: CaptureReceiveContext }): CaptureContexts {
    return this.#recorder.captureSrtp(contexts);
  }

  /** Starts the WAV: the caller's AudioCall. */
  attach(audio: AudioCall): void {
    this.#recorder.attach(audio);
  }

  /**
   * Ends the recording: the WAV's final header at offset 0, both files closed. A second call returns the same.
   * @returns what was written
   * @throws {CliError} `IO` when a write failed during the call or now
   */
  finish(): DemoRecording {
    if (this.#report !== undefined) {
      return this.#report;
    }
    try {
      const header = this.#recorder.finish();
      if (this.#error === undefined) {
        this.#write(header, 0);
      }
      this.#pcap.flush();
    } catch (e) {
      this.#error ??= e;
    } finally {
      this.close();
    }
    if (this.#error !== undefined) {
      const e = this.#error;
      throw e instanceof CliError ? e : new CliError('IO', describeFsError(e, this.wavPath, 'write'), { cause: e });
    }
    this.#report = {
      call: this.call,
      wav: this.wavPath,
      pcap: this.pcapPath,
      wavSeconds: (this.#wavBytes - 44) / 4 / (this.#recorder.sampleRate ?? 8000),
      rtpSent: this.#sent,
      rtpReceived: this.#received,
    };
    return this.#report;
  }

  /** Closes both files (what was written stays; the WAV header says "to the end"). Idempotent. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    try {
      this.#pcap.close();
    } catch (e) {
      this.#error ??= e;
    }
    closeSync(this.#wavFd);
  }

  #writeWav(chunk: Uint8Array): void {
    if (this.#error === undefined && !this.#closed) {
      try {
        this.#write(chunk, this.#wavBytes);
        this.#wavBytes += chunk.length;
      } catch (e) {
        this.#error = e;
      }
    }
  }

  #write(bytes: Uint8Array, position: number): void {
    let off = 0;
    while (off < bytes.length) {
      off += writeSync(this.#wavFd, bytes, off, bytes.length - off, position + off);
    }
  }

  #writePacket(packet: RecordedRtpPacket): void {
    if (this.#error !== undefined || this.#closed) {
      return;
    }
    const sent = packet.direction === 'sent';
    const [from, to] = sent ? [this.#local, this.#remote] : [this.#remote, this.#local];
    try {
      const frame = buildUdpFrame(LinkType.ETHERNET, { src: from.address, dst: to.address, srcPort: from.port, dstPort: to.port }, packet.packet);
      const unixNs = Math.round((performance.timeOrigin + packet.atMs) * 1e6);
      const seconds = Math.floor(unixNs / 1e9);
      this.#pcap.write(seconds, unixNs - seconds * 1e9, frame);
      if (sent) {
        this.#sent++;
      } else {
        this.#received++;
      }
    } catch (e) {
      this.#error = e;
    }
  }
}
