/**
 * The paced sender's queue of PCM samples waiting to be sent: one growable ring buffer per sender, so
 * writing audio copies it into memory the sender already holds instead of allocating a new array per
 * write (with 500 senders topping up a second of audio in the same turn, those allocations alone took
 * tens of milliseconds here), and taking a frame copies it out.
 * Internal to the package.
 * @module
 */

/** A FIFO of Int16 samples in a ring buffer that grows when it must and never shrinks. */
export class SampleQueue {
  #ring: Int16Array;
  #start = 0;
  #length = 0;

  /** @param initialCapacity - samples held before the first growth */
  constructor(initialCapacity = 1024) {
    this.#ring = new Int16Array(Math.max(16, initialCapacity));
  }

  /** Samples queued. */
  get length(): number {
    return this.#length;
  }

  /** Appends a copy of `pcm`. */
  push(pcm: Int16Array): void {
    const n = pcm.length;
    if (n === 0) {
      return;
    }
    if (this.#length + n > this.#ring.length) {
      this.#grow(this.#length + n);
    }
    const cap = this.#ring.length;
    const end = (this.#start + this.#length) % cap;
    const first = Math.min(n, cap - end);
    this.#ring.set(first === n ? pcm : pcm.subarray(0, first), end);
    if (first < n) {
      this.#ring.set(pcm.subarray(first), 0);
    }
    this.#length += n;
  }

  /**
   * Moves up to `out.length - offset` samples into `out` from `offset`; returns how many. Copied sample
   * by sample: a frame is a few hundred samples, and `set` would need a `subarray` view of the ring (an
   * object per frame for the garbage collector).
   */
  takeInto(out: Int16Array, offset = 0): number {
    const n = Math.min(out.length - offset, this.#length);
    const ring = this.#ring;
    const cap = ring.length;
    let at = this.#start;
    for (let i = 0; i < n; i++) {
      out[offset + i] = ring[at]!;
      if (++at === cap) {
        at = 0;
      }
    }
    this.#start = at;
    this.#length -= n;
    return n;
  }

  /** Drops everything queued. */
  clear(): void {
    this.#start = 0;
    this.#length = 0;
  }

  /** Grows to twice what is needed now (a power of two), so a steady pattern of writes grows it once, at its first write. */
  #grow(need: number): void {
    let cap = this.#ring.length * 2;
    while (cap < 2 * need) {
      cap *= 2;
    }
    const next = new Int16Array(cap);
    const queued = this.#length;
    this.takeInto(next);
    this.#ring = next;
    this.#start = 0;
    this.#length = queued;
  }
}
