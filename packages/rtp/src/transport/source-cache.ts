/**
 * A bounded cache of one value per datagram source (address, then port), for the receive path: a
 * steady stream finds its value again without building a string or an object per datagram. Past its
 * limit it starts over empty, so a spray of forged sources costs a rebuild, never unbounded memory.
 * Internal to the transport and the multiplexer; not exported from the package.
 * @module
 */

/** Values per (address, port), at most `limit` of them. */
export class SourceCache<V> {
  readonly #byAddress = new Map<string, Map<number, V>>();
  readonly #limit: number;
  #size = 0;

  /** @param limit - the most entries held before the cache starts over */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The value cached for the source, or `undefined`. */
  get(address: string, port: number): V | undefined {
    return this.#byAddress.get(address)?.get(port);
  }

  /** Caches `value` for the source (emptying the cache first when it is full) and returns it. */
  set(address: string, port: number, value: V): V {
    if (this.#size >= this.#limit) {
      this.#byAddress.clear();
      this.#size = 0;
    }
    let ports = this.#byAddress.get(address);
    if (ports === undefined) {
      ports = new Map<number, V>();
      this.#byAddress.set(address, ports);
    }
    ports.set(port, value);
    this.#size++;
    return value;
  }
}
