/**
 * A bounded cache of the frozen address object of each datagram source (address, then port), so a
 * socket hands a steady stream the same object every time instead of a new one per datagram. Past its
 * limit it starts over empty: a spray of forged sources costs a rebuild, never unbounded memory.
 * Not exported from the package.
 * @module
 */
import type { RemoteInfo } from 'node:dgram';
import type { StunAddress } from '../address.js';
import { remoteOf } from './udp.js';

/** Frozen source addresses by address and port, at most `limit` of them. */
export class RemoteCache {
  readonly #byAddress = new Map<string, Map<number, StunAddress>>();
  readonly #limit: number;
  #size = 0;

  /** @param limit - the most entries held before the cache starts over */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The frozen address of `rinfo`'s source: the cached one, or a new one cached for next time. */
  of(rinfo: RemoteInfo): StunAddress {
    let ports = this.#byAddress.get(rinfo.address);
    const cached = ports?.get(rinfo.port);
    if (cached !== undefined) {
      return cached;
    }
    if (this.#size >= this.#limit) {
      this.#byAddress.clear();
      this.#size = 0;
      ports = undefined;
    }
    if (ports === undefined) {
      ports = new Map<number, StunAddress>();
      this.#byAddress.set(rinfo.address, ports);
    }
    const remote: StunAddress = Object.freeze(remoteOf(rinfo));
    ports.set(rinfo.port, remote);
    this.#size++;
    return remote;
  }
}
