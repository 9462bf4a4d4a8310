/**
 * Naming and resolving the STUN server a client discovers its address with (RFC 8489 §6.2, §8: the
 * default port is 3478). Host names go through the OS resolver, bounded in time.
 * @module
 */
import { lookup } from 'node:dns/promises';
import type { StunAddress } from './address.js';
import { StunError } from './errors.js';
import { canonicalIp, parseIp } from './internal/ip.js';

/** A STUN server to discover the public address with: a literal address or a host name. */
export interface StunServerEndpoint {
  /** Literal address (takes precedence over `host`). */
  readonly address?: string;
  /** Host name, resolved with the OS resolver (node:dns `lookup`). */
  readonly host?: string;
  /** UDP port. Default 3478. */
  readonly port?: number;
}

/**
 * The default STUN server for address discovery (RFC 8489 §6.2).
 * @example
 * ```ts
 * import { DEFAULT_STUN_SERVER, StunSocket } from '@voip/stun/node';
 * const socket = await StunSocket.open({ stunServer: DEFAULT_STUN_SERVER });
 * ```
 */
export const DEFAULT_STUN_SERVER = 'stun.cloudflare.com:3478';

/** Default STUN port, RFC 8489 §18.6 (https://www.rfc-editor.org/rfc/rfc8489#section-18.6). */
const STUN_PORT = 3478;

/**
 * Parses `'host:port'`, `'[v6]:port'`, `'host'`, a bare IPv6 literal, or an endpoint object.
 * @throws {TypeError} without a host
 * @throws {RangeError} when the port is not 1..65535
 */
export function parseEndpoint(server: string | StunServerEndpoint): { host: string; port: number } {
  let host: string | undefined;
  let port = STUN_PORT;
  if (typeof server === 'string') {
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
    if (bracket !== null) {
      host = bracket[1]!;
      port = bracket[2] === undefined ? STUN_PORT : Number(bracket[2]);
    } else if (parseIp(server)?.length === 16) {
      host = server;
    } else {
      const colon = server.lastIndexOf(':');
      host = colon >= 0 ? server.slice(0, colon) : server;
      port = colon >= 0 ? Number(server.slice(colon + 1)) : STUN_PORT;
    }
  } else {
    host = server.address ?? server.host;
    port = server.port ?? STUN_PORT;
  }
  if (host === undefined || host === '') {
    throw new TypeError(`"stunServer" expected a host, got ${JSON.stringify(server)}`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 0xffff) {
    throw new RangeError(`"stunServer" port expected an integer in 1..65535, got ${port}`);
  }
  return { host, port };
}

/**
 * Resolves an endpoint to a literal address the socket can send to, within `boundMs`. A dual-stack
 * IPv6 socket (bound to `::`) reaches IPv4 servers through IPv4-mapped addresses (RFC 4291 §2.5.5.2):
 * an IPv4 literal is mapped, and a host name without an IPv6 address falls back to its IPv4 one.
 * @throws {StunError} `DNS_FAILURE` when the name does not resolve in time, or a literal is of a
 *   family the socket cannot reach
 */
export async function resolveEndpoint(
  endpoint: { host: string; port: number },
  family: 'IPv4' | 'IPv6',
  dualStack: boolean,
  boundMs: number,
): Promise<StunAddress> {
  const ip = parseIp(endpoint.host);
  if (ip !== undefined) {
    const v6 = ip.length === 16;
    if (v6 === (family === 'IPv6')) {
      return { family, address: canonicalIp(endpoint.host), port: endpoint.port };
    }
    if (!v6 && dualStack) {
      return { family, address: `::ffff:${canonicalIp(endpoint.host)}`, port: endpoint.port };
    }
    throw new StunError('DNS_FAILURE', `STUN server ${endpoint.host} is not an ${family} address like the socket`);
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${boundMs} ms`)), boundMs);
    timer.unref();
  });
  try {
    if (family === 'IPv6' && dualStack) {
      try {
        const v6 = await Promise.race([lookup(endpoint.host, { family: 6 }), deadline]);
        return { family, address: canonicalIp(v6.address), port: endpoint.port };
      } catch {
        const v4 = await Promise.race([lookup(endpoint.host, { family: 4 }), deadline]);
        return { family, address: `::ffff:${v4.address}`, port: endpoint.port };
      }
    }
    const result = await Promise.race([lookup(endpoint.host, { family: family === 'IPv6' ? 6 : 4 }), deadline]);
    return { family, address: canonicalIp(result.address), port: endpoint.port };
  } catch (e) {
    throw new StunError('DNS_FAILURE', `cannot resolve STUN server ${endpoint.host} (${family}): ${(e as Error).message}`, undefined, { cause: e });
  } finally {
    clearTimeout(timer);
  }
}
