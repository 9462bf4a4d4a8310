/**
 * Sliding replay window, RFC 3711 §3.3.2 (https://www.rfc-editor.org/rfc/rfc3711#section-3.3.2), kept
 * as a ring bitmap of 32-bit words so a 32768-packet window costs 4 KiB and a step costs O(1). The first
 * two words (all of the default 64-packet window) are fields of the window itself, so a packet's check
 * and accept read no other object: with many sessions live, that is one cache miss fewer per packet.
 * @module
 */

const NO_WORDS = new Uint32Array(0);

/**
 * Smallest replay window RFC 3711 §3.3.2 allows (https://www.rfc-editor.org/rfc/rfc3711#section-3.3.2).
 * @example
 * ```ts
 * import { MIN_REPLAY_WINDOW, ReplayWindow } from '@voip/srtp';
 * new ReplayWindow(MIN_REPLAY_WINDOW).size; // 64
 * ```
 */
export const MIN_REPLAY_WINDOW = 64;
/**
 * Largest replay window this package supports (RFC 3711 §3.3.2 sets no upper bound).
 * @example
 * ```ts
 * import { MAX_REPLAY_WINDOW, ReplayWindow } from '@voip/srtp';
 * new ReplayWindow(MAX_REPLAY_WINDOW).size; // 32768
 * ```
 */
export const MAX_REPLAY_WINDOW = 32768;

/**
 * Replay list for packet indices (SRTP 48-bit index, or SRTCP 31-bit index). `check` is pure; call
 * `accept` only after the packet authenticated (RFC 3711 §3.3: update state after verification).
 *
 * @example
 * ```ts
 * import { ReplayWindow } from '@voip/srtp';
 * const w = new ReplayWindow(64);
 * if (w.check(5)) w.accept(5);
 * w.check(5); // false: replayed
 * ```
 */
export class ReplayWindow {
  /** Window size in packets. */
  readonly size: number;
  /** Ring words 0 and 1. */
  #w0 = 0;
  #w1 = 0;
  /** Ring words 2.. (empty for windows of up to 64 packets). */
  readonly #more: Uint32Array;
  readonly #ringBits: number;
  #top = -1;

  /**
   * @param size - packets, 64..32768 (RFC 3711 §3.3.2 asks for at least 64)
   * @throws {RangeError} when `size` is out of range
   */
  constructor(size: number = MIN_REPLAY_WINDOW) {
    if (!Number.isInteger(size) || size < MIN_REPLAY_WINDOW || size > MAX_REPLAY_WINDOW) {
      throw new RangeError(`"replayWindowSize" expected an integer in [64, 32768], got ${size}`);
    }
    this.size = size;
    const words = Math.ceil(size / 32);
    this.#more = words > 2 ? new Uint32Array(words - 2) : NO_WORDS;
    this.#ringBits = words * 32;
  }

  /** Highest accepted index, or -1 before the first. */
  get highest(): number {
    return this.#top;
  }

  /**
   * True when `index` is new: above the highest, or inside the window and not yet seen.
   * @param index - packet index (non-negative integer)
   * @returns whether the packet may be accepted
   */
  check(index: number): boolean {
    if (index > this.#top) {
      return true;
    }
    if (this.#top - index >= this.size) {
      return false;
    }
    const bit = index % this.#ringBits;
    return (this.#word(bit >>> 5) & (1 << (bit & 31))) === 0;
  }

  /** Ring word `i`. */
  #word(i: number): number {
    return i === 0 ? this.#w0 : i === 1 ? this.#w1 : this.#more[i - 2]!;
  }

  /** Sets ring word `i` to `v`. */
  #setWord(i: number, v: number): void {
    if (i === 0) {
      this.#w0 = v;
    } else if (i === 1) {
      this.#w1 = v;
    } else {
      this.#more[i - 2] = v;
    }
  }

  /**
   * Records `index` as seen, sliding the window forward when it is the new highest.
   * @param index - an index for which {@link ReplayWindow.check} returned true
   */
  accept(index: number): void {
    this.advanceTo(index);
    const bit = index % this.#ringBits;
    this.#setWord(bit >>> 5, this.#word(bit >>> 5) | (1 << (bit & 31)));
  }

  /**
   * Slides the window so that `index` is its top without recording `index` as seen: everything older
   * than the window is refused from then on, and what the window still covers keeps its marks. Does
   * nothing when `index` is not above the highest (a window never moves back).
   * @param index - packet index (non-negative integer)
   * @example
   * ```ts
   * import { ReplayWindow } from '@voip/srtp';
   * const w = new ReplayWindow(64);
   * w.accept(10);
   * w.advanceTo(65536 + 10); // a higher ROC was signalled
   * w.check(10); // false: too old
   * w.check(65536 + 10); // true: not seen yet
   * ```
   */
  advanceTo(index: number): void {
    if (index > this.#top) {
      const step = this.#top < 0 ? this.#ringBits : index - this.#top;
      if (step >= this.#ringBits) {
        this.#w0 = 0;
        this.#w1 = 0;
        this.#more.fill(0);
      } else {
        for (let i = this.#top + 1; i <= index; i++) {
          const b = i % this.#ringBits;
          this.#setWord(b >>> 5, this.#word(b >>> 5) & ~(1 << (b & 31)));
        }
      }
      this.#top = index;
    }
  }
}
