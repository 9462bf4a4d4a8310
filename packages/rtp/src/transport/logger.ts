/**
 * The logger hook of the multiplexer and its calls: where dropped packets, failed authentication and
 * errors thrown by user handlers are reported. `console` satisfies it; the default is silent.
 * (No RFC: an operational hook. Security events it reports relate to RFC 3711 §3.3 and RTP Bleed.)
 * @module
 */

/**
 * A `{ debug, warn, error }` logger. Every method receives a short message and a small object of
 * details (the remote address, a counter name, the error). `console` fits, as do pino and winston
 * child loggers through a one-line adapter.
 *
 * @example
 * ```ts
 * import { RtpMultiplexer, type RtpLogger } from '@voip/rtp';
 * const logger: RtpLogger = console;
 * declare const transport: import('@voip/rtp').DatagramTransport;
 * const mux = new RtpMultiplexer(transport, { logger });
 * ```
 */
export interface RtpLogger {
  /** Routine events: a datagram that was not RTP, a packet from an unknown source. */
  debug(message: string, details?: Readonly<Record<string, unknown>>): void;
  /** Something a remote did wrong or an attack: authentication failure, a second source after latching. */
  warn(message: string, details?: Readonly<Record<string, unknown>>): void;
  /** A local fault: a user handler threw, a send failed. */
  error(message: string, details?: Readonly<Record<string, unknown>>): void;
}

const ignore = (): void => {};

/**
 * The default logger: drops everything. Counters still record every event.
 *
 * @example
 * ```ts
 * import { SILENT_LOGGER } from '@voip/rtp';
 * SILENT_LOGGER.warn('never printed');
 * ```
 */
export const SILENT_LOGGER: RtpLogger = Object.freeze({ debug: ignore, warn: ignore, error: ignore });

/**
 * Calls a logger method without letting a faulty logger break the receive path.
 * @internal
 */
export function safeLog(
  logger: RtpLogger,
  level: 'debug' | 'warn' | 'error',
  message: string,
  details?: Readonly<Record<string, unknown>>,
): void {
  try {
    logger[level](message, details);
  } catch {
    // A logger that throws must not turn a dropped packet into a crashed socket handler.
  }
}
