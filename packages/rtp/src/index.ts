export type { TransportAddress, DatagramHandler, DatagramTransport } from './transport.js';
export type { SrtpUnprotectResult, SrtpSendContext, SrtpReceiveContext } from './srtp-context.js';
