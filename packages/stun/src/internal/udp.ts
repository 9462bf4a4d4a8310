/**
 * node:dgram helpers shared by StunSocket and StunServer. Not exported from the package.
 * @module
 */
import { createSocket } from 'node:dgram';
import { lookup, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { RemoteInfo, Socket } from 'node:dgram';
import { StunError } from '../errors.js';
import type { StunAddress } from '../address.js';
import { parseIp } from './ip.js';

/** The dgram type for a literal host: udp6 for IPv6 literals, udp4 otherwise. */
export function socketTypeFor(host: string): 'udp4' | 'udp6' {
  const ip = parseIp(host);
  return ip !== undefined && ip.length === 16 ? 'udp6' : 'udp4';
}

/** Kernel socket buffer sizes in bytes (SO_RCVBUF / SO_SNDBUF); absent keeps the system default. */
export interface UdpBufferSizes {
  readonly receiveBufferSize?: number | undefined;
  readonly sendBufferSize?: number | undefined;
}

/**
 * Binds a UDP socket; rejects with StunError BIND_FAILED (the socket is closed then). `ipv6Only` lets
 * a server bind `::` and `0.0.0.0` on the same port.
 */
export function bindUdp(
  type: 'udp4' | 'udp6',
  host: string,
  port: number,
  ipv6Only = false,
  buffers: UdpBufferSizes = {},
): Promise<Socket> {
  if (!Number.isInteger(port) || port < 0 || port > 0xffff) {
    return Promise.reject(new RangeError(`"port" expected an integer in 0..65535, got ${port}`));
  }
  for (const name of ['receiveBufferSize', 'sendBufferSize'] as const) {
    const size = buffers[name];
    if (size !== undefined && !(Number.isInteger(size) && size > 0 && size <= 0x7fffffff)) {
      return Promise.reject(new RangeError(`"${name}" expected a positive integer of bytes, got ${size}`));
    }
  }
  return new Promise((resolve, reject) => {
    // node:dgram applies recvBufferSize / sendBufferSize once the socket is bound.
    const socket = createSocket({
      type,
      ipv6Only: type === 'udp6' && ipv6Only,
      lookup: literalLookup,
      ...(buffers.receiveBufferSize === undefined ? {} : { recvBufferSize: buffers.receiveBufferSize }),
      ...(buffers.sendBufferSize === undefined ? {} : { sendBufferSize: buffers.sendBufferSize }),
    });
    const onError = (err: Error): void => {
      socket.removeListener('listening', onListening);
      try {
        socket.close();
      } catch {
        // already closed
      }
      reject(new StunError('BIND_FAILED', `cannot bind ${type} ${host}:${port}: ${err.message}`, undefined, { cause: err }));
    };
    const onListening = (): void => {
      socket.removeListener('error', onError);
      resolve(socket);
    };
    socket.once('error', onError);
    socket.once('listening', onListening);
    socket.bind(port, host);
  });
}

/**
 * The `lookup` node:dgram calls for every unconnected send. The default, `dns.lookup`, defers even a
 * literal IP to a `process.nextTick`, so the datagram is not handed to the kernel when `send` returns;
 * this one answers a literal at once (as a connected socket does), which is what lets
 * `StunSocket.sendBorrowed` tell from the send queue whether the caller's buffer is free. Anything
 * else still goes to `dns.lookup`.
 */
export function literalLookup(
  address: string,
  options: LookupOneOptions | number,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  const version = isIP(address);
  if (version === 0) {
    lookup(address, typeof options === 'number' ? { family: options } : options, callback);
  } else {
    callback(null, address, version);
  }
}

/** The bound address of a socket as a StunAddress. */
export function boundAddress(socket: Socket): StunAddress {
  const a = socket.address();
  return { family: a.family === 'IPv6' ? 'IPv6' : 'IPv4', address: a.address, port: a.port };
}

/** A RemoteInfo as a StunAddress. */
export function remoteOf(rinfo: RemoteInfo): StunAddress {
  return { family: rinfo.family === 'IPv6' ? 'IPv6' : 'IPv4', address: rinfo.address, port: rinfo.port };
}

/** A Uint8Array view of a Buffer (no copy). */
export function asUint8Array(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Closes a socket; resolves once closed (immediately if it already was). */
export function closeUdp(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}
