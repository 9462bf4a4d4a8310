/**
 * @voip/stun/node: the parts of @voip/stun that need Node.js (UDP sockets and DNS), kept out of the main
 * entry so that `import … from '@voip/stun'` (the message codec, integrity, fingerprint, RFC 7983
 * classification, the retransmission schedule) bundles for a browser or any other runtime with nothing
 * Node-only in it.
 *
 * - `StunSocket`: a UDP media socket that discovers its public address and answers STUN on it, while
 *   carrying RTP (it is a `DatagramTransport` for `@voip/rtp`).
 * - `StunServer`: a small STUN Binding server.
 *
 * @example
 * ```ts
 * import { StunServer, StunSocket } from '@voip/stun/node';
 *
 * const server = new StunServer();
 * await server.listen({ host: '127.0.0.1', port: 0 });
 * const socket = await StunSocket.open({ host: '127.0.0.1', stunServer: server.address() });
 * console.log('reachable at', socket.reachableAddress);
 * await socket.close();
 * await server.close();
 * ```
 * @module
 */
export { StunServer } from './stun-server.js';
export type { StunServerOptions, StunListenOptions, StunServerStats, StunRequestEvent } from './stun-server.js';
export { StunSocket } from './stun-socket.js';
export type { StunSocketOptions, StunSocketStats, StunTransportAddress, StunDatagramHandler } from './stun-socket.js';
export { DEFAULT_STUN_SERVER } from './stun-server-endpoint.js';
export type { StunServerEndpoint } from './stun-server-endpoint.js';
