/**
 * RTP sequence number tracking with probation, RFC 3550 Appendix A.1
 * (https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1): extended highest sequence number, source
 * validation (MIN_SEQUENTIAL in-order packets before a source is valid), large jumps (MAX_DROPOUT)
 * accepted only when confirmed by the next packet (the `bad_seq` restart rule), and reordering within
 * MAX_MISORDER.
 * @module
 */

/** Packets in sequence needed before a source is valid (RFC 3550 A.1). */
export const MIN_SEQUENTIAL = 2;
/** Largest forward jump treated as loss rather than a restart (RFC 3550 A.1). */
export const MAX_DROPOUT = 3000;
/** Largest backward step treated as reordering or duplication (RFC 3550 A.1). */
export const MAX_MISORDER = 100;
const RTP_SEQ_MOD = 0x10000;

/**
 * The per-source sequence state of RFC 3550 A.1 (`source` struct, `init_seq`, `update_seq`).
 *
 * @example
 * ```ts
 * import { RtpSequenceTracker } from '@voip/rtp';
 * const t = new RtpSequenceTracker(100);
 * t.update(101); // true: probation passed, this packet counts
 * t.extendedHighestSequence; // 101
 * ```
 */
export class RtpSequenceTracker {
  /** Highest sequence number seen (16 bits). */
  maxSeq: number;
  /** Shifted count of sequence number cycles (multiples of 65536). */
  cycles = 0;
  /** First sequence number counted (after probation). */
  baseSeq: number;
  /** Last "bad" sequence number + 1: a jump is accepted when the next packet follows it. */
  badSeq: number = RTP_SEQ_MOD + 1;
  /** Sequential packets still needed before the source is valid; 0 = valid. */
  probation: number;
  /** Packets in sequence needed to validate a source (and to re-validate it after a gap in probation). */
  readonly #minSequential: number;
  /** Packets counted (A.1 `received`): duplicates count too, which is why loss may go negative. */
  received = 0;
  /** `expected` at the previous report (A.3). */
  expectedPrior = 0;
  /** `received` at the previous report (A.3). */
  receivedPrior = 0;

  /**
   * Starts tracking at the first packet seen, in probation (RFC 3550 A.1: `init_seq` then
   * `max_seq = seq - 1`, `probation = MIN_SEQUENTIAL`).
   * @param firstSequence - sequence number of the first packet (0..65535).
   * @param minSequential - packets needed in sequence, default {@link MIN_SEQUENTIAL}.
   */
  constructor(firstSequence: number, minSequential: number = MIN_SEQUENTIAL) {
    this.baseSeq = firstSequence;
    this.maxSeq = (firstSequence - 1) & 0xffff;
    this.probation = minSequential;
    this.#minSequential = minSequential;
  }

  #init(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = RTP_SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.receivedPrior = 0;
    this.expectedPrior = 0;
  }

  /**
   * Feeds one sequence number (RFC 3550 A.1 `update_seq`).
   * @param seq - the packet's 16-bit sequence number.
   * @returns true when the packet is counted; false during probation or for an unconfirmed jump.
   */
  update(seq: number): boolean {
    const udelta = (seq - this.maxSeq) & 0xffff;
    if (this.probation > 0) {
      // The A.1 code compares `seq == max_seq + 1` in int arithmetic, which misses 65535 → 0; wrap it.
      if (seq === ((this.maxSeq + 1) & 0xffff)) {
        this.probation--;
        this.maxSeq = seq;
        if (this.probation === 0) {
          this.#init(seq);
          this.received++;
          return true;
        }
      } else {
        this.probation = this.#minSequential - 1;
        this.maxSeq = seq;
      }
      return false;
    }
    if (udelta < MAX_DROPOUT) {
      // In order, with a permissible gap.
      if (seq < this.maxSeq) {
        this.cycles += RTP_SEQ_MOD; // wrapped
      }
      this.maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      // A very large jump: accept it only if the next packet confirms it (the source restarted).
      if (seq === this.badSeq) {
        this.#init(seq);
      } else {
        this.badSeq = (seq + 1) & 0xffff;
        return false;
      }
    }
    // else: duplicate or reordered packet, counted but max_seq unchanged.
    this.received++;
    return true;
  }

  /** True once probation is over. */
  get valid(): boolean {
    return this.probation === 0;
  }

  /** Extended highest sequence number: cycles + max_seq (RFC 3550 A.3). */
  get extendedHighestSequence(): number {
    return this.cycles + this.maxSeq;
  }

  /** Packets expected: extended max − base + 1 (RFC 3550 A.3); 0 during probation. */
  get expected(): number {
    return this.valid ? this.extendedHighestSequence - this.baseSeq + 1 : 0;
  }

  /** Cumulative lost: expected − received (RFC 3550 A.3); negative with duplicates. */
  get lost(): number {
    return this.expected - this.received;
  }

  /**
   * Fraction lost since the previous call, as the 8-bit fixed point of RFC 3550 A.3, and moves the
   * "prior" marks forward.
   * @returns 0..255.
   */
  takeFractionLost(): number {
    const expected = this.expected;
    const expectedInterval = expected - this.expectedPrior;
    this.expectedPrior = expected;
    const receivedInterval = this.received - this.receivedPrior;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    if (expectedInterval <= 0 || lostInterval <= 0) {
      return 0;
    }
    return Math.min(255, Math.floor((lostInterval * 256) / expectedInterval));
  }
}
