/**
 * Per-SSRC state of one session, direction and protocol. Nearly every session carries one SSRC, so
 * the first entry lives in two fields and a Map (about 400 bytes even when empty) is made only for a
 * second SSRC. Entries are never removed one by one: state is only ever added, or all cleared.
 * @module
 */
export class SsrcMap<T> {
  /** SSRC of the first entry (a u32), or -1. */
  #firstSsrc = -1;
  #first: T | undefined = undefined;
  #more: Map<number, T> | undefined = undefined;

  /** Entries held. */
  get size(): number {
    return (this.#firstSsrc < 0 ? 0 : 1) + (this.#more === undefined ? 0 : this.#more.size);
  }

  get(ssrc: number): T | undefined {
    if (ssrc === this.#firstSsrc) {
      return this.#first;
    }
    return this.#more === undefined ? undefined : this.#more.get(ssrc);
  }

  set(ssrc: number, value: T): void {
    if (this.#firstSsrc < 0 || ssrc === this.#firstSsrc) {
      this.#firstSsrc = ssrc;
      this.#first = value;
      return;
    }
    (this.#more ??= new Map<number, T>()).set(ssrc, value);
  }

  /** A new array of the values, first entry first. */
  values(): T[] {
    const out: T[] = this.#firstSsrc < 0 ? [] : [this.#first!];
    if (this.#more !== undefined) {
      out.push(...this.#more.values());
    }
    return out;
  }

  clear(): void {
    this.#firstSsrc = -1;
    this.#first = undefined;
    this.#more = undefined;
  }
}
