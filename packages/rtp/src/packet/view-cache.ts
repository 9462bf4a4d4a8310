/**
 * A few cached `subarray` views, so a hot path that cuts the same range out of the same buffer packet
 * after packet (a reused receive buffer, a reused send buffer) makes no new view object each time.
 * @module
 */

/** How many views a cache keeps (round robin): audio, comfort noise and DTMF sizes fit. */
const SLOTS = 8;

/** Views of recently asked ranges, reused while they cover exactly the range asked for. */
export class ViewCache {
  readonly #views: (Uint8Array | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined];
  #next = 0;

  /**
   * `bytes.subarray(start, end)`, from the cache when a view of that exact memory is there.
   * @param bytes - the buffer to cut from.
   * @param start - first byte, relative to `bytes`.
   * @param end - end (exclusive), relative to `bytes`; `start <= end <= bytes.length`.
   * @returns a view of `bytes[start..end)`.
   */
  view(bytes: Uint8Array, start: number, end: number): Uint8Array {
    const views = this.#views;
    const buffer = bytes.buffer;
    const byteOffset = bytes.byteOffset + start;
    const length = end - start;
    for (let i = 0; i < SLOTS; i++) {
      const v = views[i];
      if (v !== undefined && v.buffer === buffer && v.byteOffset === byteOffset && v.length === length) {
        return v;
      }
    }
    const view = bytes.subarray(start, end);
    views[this.#next] = view;
    this.#next = (this.#next + 1) % SLOTS;
    return view;
  }

  /** Forgets every view (their buffer was given away). */
  clear(): void {
    this.#views.fill(undefined);
    this.#next = 0;
  }
}
