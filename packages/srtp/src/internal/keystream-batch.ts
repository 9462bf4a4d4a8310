/**
 * Keystream for several future packets of one SSRC, made with one native AES call.
 *
 * The SRTP keystream of a packet is a function of (session key, SSRC, packet index) alone (RFC 3711
 * §4.1.1, RFC 7714 §8.1). When packets arrive or leave in order, the counter blocks of the next
 * `count` indices are encrypted together and each slice is used for its own index; the slices are
 * keyed by all three, so a slice can only ever serve the packet whose keystream it is. Unused slices
 * are zeroized when the batch is replaced or the session disposed.
 *
 * Memory: a batch exists only once its stream has sent or received a packet, holds one native Buffer
 * sized to the slices it was asked for (at most BATCH_BYTES), and is per stream, never shared: a
 * keystream slice can only ever be read for its own (key, SSRC, index).
 * @module
 */
import { int32View, primeKeystreamView } from './word-views.js';
import { releaseSecret } from './wasm-kernel.js';

const EMPTY = new Uint8Array(0);
const EMPTY32 = new Int32Array(0);
/** Upper bound of one batch, in bytes of keystream. */
export const BATCH_BYTES = 16384;
/** Most packets per batch. */
export const BATCH_PACKETS = 16;

export class KeystreamBatch {
  owner: object | undefined = undefined;
  ssrc = 0;
  first = 0;
  count = 0;
  /** Blocks per packet slice. */
  blocks = 0;
  ks: Uint8Array = EMPTY;
  /** Int32Array over `ks`'s whole buffer, for the word-wise XOR (see aes-ctr.ts). */
  #ks32: Int32Array = EMPTY32;

  /** Byte offset of the slice for (owner, ssrc, index) with at least `blocks` blocks, or -1. */
  find(owner: object, ssrc: number, index: number, blocks: number): number {
    if (owner !== this.owner || ssrc !== this.ssrc || blocks > this.blocks) {
      return -1;
    }
    const r = index - this.first;
    if (r < 0 || r >= this.count) {
      return -1;
    }
    return r * this.blocks * 16;
  }

  /** Makes this batch's keystream the one the next XOR reads without making a view. */
  prime(): void {
    primeKeystreamView(this.ks.buffer, this.#ks32);
  }

  /** Replaces the batch, zeroizing the previous keystream. */
  set(owner: object, ssrc: number, first: number, count: number, blocks: number, ks: Uint8Array): void {
    releaseSecret(this.ks);
    this.owner = owner;
    this.ssrc = ssrc;
    this.first = first;
    this.count = count;
    this.blocks = blocks;
    this.ks = ks;
    this.#ks32 = int32View(ks.buffer);
  }

  /** Forgets the batch and zeroizes its keystream. */
  clear(): void {
    releaseSecret(this.ks);
    this.ks = EMPTY;
    this.#ks32 = EMPTY32;
    this.owner = undefined;
    this.count = 0;
  }
}
