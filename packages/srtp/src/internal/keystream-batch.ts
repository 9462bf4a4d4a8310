/**
 * Keystream for several future packets of one SSRC, made with one native AES call.
 *
 * The SRTP keystream of a packet is a function of (session key, SSRC, packet index) alone (RFC 3711
 * §4.1.1, RFC 7714 §8.1). When packets arrive or leave in order, the counter blocks of the next
 * `count` indices are encrypted together and each slice is used for its own index; the slices are
 * keyed by all three, so a slice can only ever serve the packet whose keystream it is. Unused slices
 * are zeroized when the batch is replaced or the session disposed.
 * @module
 */

const EMPTY = new Uint8Array(0);
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

  /** Replaces the batch, zeroizing the previous keystream. */
  set(owner: object, ssrc: number, first: number, count: number, blocks: number, ks: Uint8Array): void {
    this.ks.fill(0);
    this.owner = owner;
    this.ssrc = ssrc;
    this.first = first;
    this.count = count;
    this.blocks = blocks;
    this.ks = ks;
  }

  /** Forgets the batch and zeroizes its keystream. */
  clear(): void {
    this.ks.fill(0);
    this.ks = EMPTY;
    this.owner = undefined;
    this.count = 0;
  }
}
