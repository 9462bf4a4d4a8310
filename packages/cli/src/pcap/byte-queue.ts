/**
 * A FIFO of byte chunks for the streaming capture readers: chunks are kept by reference with a read
 * offset, and bytes are copied only when a record that spans chunks is taken out, once. Feeding a
 * record of n bytes in k chunks therefore copies at most n bytes, not the k·n/2 a re-concatenate on
 * every chunk would.
 * @module
 */

/**
 * The pending bytes of a stream, as a list of chunks and an offset into the first.
 *
 * Usage (internal to the CLI, not exported from the package):
 * ```ts
 * const q = new ByteQueue();
 * q.push(Uint8Array.of(1, 2));
 * q.push(Uint8Array.of(3));
 * q.take(3); // Uint8Array [1, 2, 3], one copy
 * ```
 */
export class ByteQueue {
  #chunks: Uint8Array[] = [];
  #head = 0;
  #offset = 0;
  #length = 0;
  #consumed = 0;

  /** Bytes pending (pushed and not yet taken). */
  get length(): number {
    return this.#length;
  }

  /** Bytes taken or skipped so far: the stream offset of the first pending byte. */
  get consumed(): number {
    return this.#consumed;
  }

  /**
   * Appends a chunk (kept by reference; do not reuse its buffer).
   * @param chunk - the next bytes of the stream
   */
  push(chunk: Uint8Array): void {
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#length += chunk.length;
    }
  }

  /**
   * The first `n` pending bytes without consuming them: a view when they sit in one chunk, else a
   * copy of just those `n` bytes (meant for fixed-size headers).
   * @param n - how many bytes, at most {@link length}
   * @returns `n` bytes
   * @throws {RangeError} when fewer than `n` bytes are pending
   */
  peek(n: number): Uint8Array {
    return this.#read(n, false);
  }

  /**
   * Removes and returns the first `n` pending bytes: a view into a chunk when they sit in one, else
   * one new array holding exactly them.
   * @param n - how many bytes, at most {@link length}
   * @returns `n` bytes
   * @throws {RangeError} when fewer than `n` bytes are pending
   */
  take(n: number): Uint8Array {
    return this.#read(n, true);
  }

  #read(n: number, consume: boolean): Uint8Array {
    if (n > this.#length) {
      throw new RangeError(`"n" expected at most the ${this.#length} pending bytes, got ${n}`);
    }
    const first = this.#chunks[this.#head];
    if (first === undefined || n === 0) {
      return new Uint8Array(0);
    }
    let out: Uint8Array;
    if (first.length - this.#offset >= n) {
      out = first.subarray(this.#offset, this.#offset + n);
      if (consume) {
        this.#advance(n);
      }
      return out;
    }
    out = new Uint8Array(n);
    let filled = 0;
    let i = this.#head;
    let off = this.#offset;
    while (filled < n) {
      const c = this.#chunks[i] as Uint8Array;
      const part = Math.min(c.length - off, n - filled);
      out.set(c.subarray(off, off + part), filled);
      filled += part;
      i++;
      off = 0;
    }
    if (consume) {
      this.#advance(n);
    }
    return out;
  }

  #advance(n: number): void {
    this.#length -= n;
    this.#consumed += n;
    let left = n;
    while (left > 0) {
      const c = this.#chunks[this.#head] as Uint8Array;
      const avail = c.length - this.#offset;
      if (left < avail) {
        this.#offset += left;
        break;
      }
      left -= avail;
      this.#head++;
      this.#offset = 0;
    }
    if (this.#head > 64 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
  }
}
