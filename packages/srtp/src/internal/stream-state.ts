/**
 * Per-SSRC cryptographic context state (RFC 3711 §3.2.1): rollover counter, highest index, replay
 * window; and the RFC 3711 §3.3.1 / Appendix A index estimation.
 * @module
 */
import { ReplayWindow } from '../replay-window.js';
import { KeystreamBatch } from './keystream-batch.js';

/** SRTP state of one SSRC in one direction. */
export class RtpStreamState {
  /** Highest authenticated (or sent) index, -1 before the first packet. */
  highest = -1;
  /** ROC to assume for the first packet (set with set{Send,Receive}RolloverCounter before it arrived). */
  initialRoc = 0;
  window: ReplayWindow;
  /** Keystream of the next packets (see keystream-batch.ts). */
  readonly batch: KeystreamBatch;
  readonly #windowSize: number;

  /** @param batch - the session's pending batch when the stream's first packet used it */
  constructor(windowSize: number, batch: KeystreamBatch = new KeystreamBatch()) {
    this.#windowSize = windowSize;
    this.window = new ReplayWindow(windowSize);
    this.batch = batch;
  }

  /** The current ROC. */
  get roc(): number {
    return this.highest < 0 ? this.initialRoc : Math.floor(this.highest / 65536);
  }

  /**
   * Guesses the ROC `v` of a packet with sequence number `seq` (RFC 3711 Appendix A). May return -1
   * (before the stream's first ROC) or 2^32 (index space exhausted); callers refuse those.
   */
  estimateRoc(seq: number): number {
    const top = this.highest;
    if (top < 0) {
      return this.initialRoc;
    }
    const roc = Math.floor(top / 65536);
    const sl = top % 65536;
    if (sl < 32768) {
      return seq - sl > 32768 ? roc - 1 : roc;
    }
    return sl - 32768 > seq ? roc + 1 : roc;
  }

  /** Commits an authenticated index (RFC 3711 §3.3.1: update ROC and s_l only after authentication). */
  commit(index: number): void {
    if (index > this.highest) {
      this.highest = index;
    }
    this.window.accept(index);
  }

  /**
   * Sets the ROC (late join, re-INVITE: RFC 4568 §7.1.4), keeping the highest sequence number. The
   * same ROC again changes nothing (the window keeps every index it has seen, so a re-stated ROC never
   * re-opens a used index); a higher one slides the window forward (everything before it is too old);
   * a lower one, which callers allow only on receive and only when forced, starts a fresh window there.
   */
  setRoc(roc: number): void {
    if (this.highest < 0) {
      this.initialRoc = roc;
      return;
    }
    const current = Math.floor(this.highest / 65536);
    if (roc === current) {
      return;
    }
    this.highest = roc * 65536 + (this.highest % 65536);
    if (roc < current) {
      this.window = new ReplayWindow(this.#windowSize);
    }
    this.window.advanceTo(this.highest);
  }
}

/**
 * SRTCP state of one SSRC in one direction (RFC 3711 §3.4: 31-bit SRTCP index): the next index to
 * send, or the replay window of what was received (made on first use: a sender needs none).
 */
export class RtcpStreamState {
  /** Next index to send. */
  next = 0;
  #w: ReplayWindow | undefined = undefined;
  readonly #windowSize: number;

  constructor(windowSize: number) {
    this.#windowSize = windowSize;
  }

  get window(): ReplayWindow {
    return (this.#w ??= new ReplayWindow(this.#windowSize));
  }
}
