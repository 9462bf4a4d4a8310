/**
 * A STUN server for Binding requests over UDP, RFC 8489 §6.3 / RFC 5389 §7.3 and §10.1.2
 * (https://www.rfc-editor.org/rfc/rfc8489#section-6.3): XOR-MAPPED-ADDRESS plus MAPPED-ADDRESS,
 * RFC 3489 requests answered with MAPPED-ADDRESS (RFC 8489 §12), optional short-term credentials,
 * 420 for unknown comprehension-required attributes. The embedded default the CLI's demo and the tests
 * use to discover addresses without the internet.
 * @module
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import type { StunAddress } from './address.js';
import { answerRequest, responderConfig } from './binding-responder.js';
import type { BindingOutcome, ResponderConfig, StunCredentials } from './binding-responder.js';
import { StunClass } from './constants.js';
import { isStunError } from './errors.js';
import { parseStunMessage } from './message.js';
import type { ParsedStunMessage } from './message.js';
import { shortTermKey } from './stun-key.js';
import { asUint8Array, bindUdp, boundAddress, closeUdp, remoteOf, socketTypeFor } from './internal/udp.js';

/** One request the server handled, for logging (e.g. the CLI's `--verbose`). */
export interface StunRequestEvent {
  /** Who asked. */
  readonly remote: StunAddress;
  /** The request's transaction ID (12 bytes, or 16 for RFC 3489); a view, copy it to keep it. */
  readonly transactionId: Uint8Array;
  /** The request method (1 = Binding). */
  readonly method: number;
  /** True for an RFC 3489 request (no magic cookie). */
  readonly rfc3489: boolean;
  /** `'success'`, the error code answered, or `'dropped'` (bad FINGERPRINT, no answer). */
  readonly outcome: BindingOutcome;
}

/** Options of {@link StunServer}. */
export interface StunServerOptions {
  /** SOFTWARE to put in responses (RFC 5389 §15.10). Default none. */
  readonly software?: string;
  /** Add FINGERPRINT to every response. Default false: only when the request had one. */
  readonly fingerprint?: boolean;
  /** Add MAPPED-ADDRESS next to XOR-MAPPED-ADDRESS. Default true. */
  readonly mappedAddress?: boolean;
  /** Require short-term credentials: 400 when MESSAGE-INTEGRITY or USERNAME is missing, 401 when wrong. */
  readonly credentials?: StunCredentials;
  /** Called once per request handled. Exceptions from it are reported to `onError`. */
  readonly onRequest?: (event: StunRequestEvent) => void;
  /** Socket errors and hook exceptions. Default: ignored. */
  readonly onError?: (error: Error) => void;
}

/** Where {@link StunServer.listen} binds. */
export interface StunListenOptions {
  /** One literal address or several (e.g. `['127.0.0.1', '::1']`): one socket each. Default `'127.0.0.1'`. */
  readonly host?: string | readonly string[];
  /** UDP port; 0 (default) picks a free one, which the further sockets then reuse. */
  readonly port?: number;
}

/** Counters of a {@link StunServer}. */
export interface StunServerStats {
  /** Datagrams received. */
  readonly datagramsReceived: number;
  /** Responses sent (success and error). */
  readonly responsesSent: number;
  /** Datagrams dropped: not STUN, malformed, or with a bad FINGERPRINT. */
  readonly droppedMalformed: number;
  /** STUN messages that get no answer (indications, responses). */
  readonly ignored: number;
}

/**
 * A UDP STUN server answering Binding requests on one or more sockets.
 *
 * @example
 * ```ts
 * import { StunServer } from '@voip/stun/node';
 * const server = new StunServer({ software: 'demo', onRequest: (e) => console.log(e.remote, e.outcome) });
 * const [addr] = await server.listen({ host: ['127.0.0.1', '::1'], port: 0 });
 * // ... StunSocket.open({ stunServer: addr }) ...
 * await server.close();
 * ```
 */
export class StunServer {
  readonly #stats: { -readonly [K in keyof StunServerStats]: number } = { datagramsReceived: 0, responsesSent: 0, droppedMalformed: 0, ignored: 0 };
  readonly #cfg: ResponderConfig;
  readonly #options: StunServerOptions;
  #sockets: Socket[] = [];
  #closing: Promise<void> | undefined;

  /** A snapshot of the counters (a copy: read it again for newer figures). */
  get stats(): StunServerStats {
    return { ...this.#stats };
  }

  /**
   * @param options - SOFTWARE, FINGERPRINT policy, credentials, hooks
   */
  constructor(options: StunServerOptions = {}) {
    this.#options = options;
    const creds = options.credentials;
    this.#cfg = responderConfig(
      options.software,
      creds === undefined ? undefined : shortTermKey(creds.password),
      creds?.username,
      options.fingerprint === true,
      options.mappedAddress !== false,
    );
  }

  /**
   * Binds the sockets and starts answering.
   * @param options - hosts and port
   * @returns the bound addresses, one per host
   * @throws {StunError} `BIND_FAILED` (every socket bound so far is closed again)
   * @throws {Error} when already listening
   * @example
   * ```ts
   * import { StunServer } from '@voip/stun/node';
   * const server = new StunServer();
   * const [v4, v6] = await server.listen({ host: ['0.0.0.0', '::'], port: 3478 });
   * ```
   */
  async listen(options: StunListenOptions = {}): Promise<StunAddress[]> {
    if (this.#sockets.length > 0 || this.#closing !== undefined) {
      throw new Error('StunServer: already listening (or closed)');
    }
    const hosts = typeof options.host === 'string' ? [options.host] : (options.host ?? ['127.0.0.1']);
    let port = options.port ?? 0;
    try {
      for (const host of hosts) {
        const socket = await bindUdp(socketTypeFor(host), host, port, true);
        this.#sockets.push(socket);
        socket.on('message', (buf, rinfo) => this.#receive(socket, asUint8Array(buf), rinfo));
        socket.on('error', (err) => this.#report(err));
        port = boundAddress(socket).port;
      }
    } catch (e) {
      await Promise.all(this.#sockets.map(closeUdp));
      this.#sockets = [];
      throw e;
    }
    return this.addresses();
  }

  /**
   * The first bound address.
   * @returns the address
   * @throws {Error} when not listening
   */
  address(): StunAddress {
    const s = this.#sockets[0];
    if (s === undefined) {
      throw new Error('StunServer: not listening');
    }
    return boundAddress(s);
  }

  /**
   * Every bound address.
   * @returns one address per socket
   */
  addresses(): StunAddress[] {
    return this.#sockets.map(boundAddress);
  }

  /**
   * Stops answering and closes every socket. Idempotent.
   * @returns resolves when all sockets are closed
   */
  close(): Promise<void> {
    this.#closing ??= Promise.all(this.#sockets.map(closeUdp)).then(() => {
      this.#sockets = [];
    });
    return this.#closing;
  }

  #report(err: unknown): void {
    try {
      this.#options.onError?.(err instanceof Error ? err : new Error(String(err)));
    } catch {
      // a throwing error hook must not crash the server
    }
  }

  #receive(socket: Socket, data: Uint8Array, rinfo: RemoteInfo): void {
    this.#stats.datagramsReceived++;
    try {
      let msg: ParsedStunMessage;
      try {
        msg = parseStunMessage(data, { allowRfc3489: true });
      } catch (e) {
        if (isStunError(e)) {
          this.#stats.droppedMalformed++;
          return;
        }
        throw e;
      }
      const remote = remoteOf(rinfo);
      const { outcome, response } = answerRequest(msg, remote, this.#cfg);
      if (response === undefined) {
        if (outcome === 'dropped' && msg.cls === StunClass.Request && !msg.rfc3489) {
          this.#stats.droppedMalformed++;
        } else {
          this.#stats.ignored++;
        }
        if (msg.cls !== StunClass.Request) {
          return;
        }
      } else {
        socket.send(response, rinfo.port, rinfo.address, (err) => {
          if (err) {
            this.#report(err);
          }
        });
        this.#stats.responsesSent++;
      }
      if (this.#options.onRequest !== undefined) {
        this.#options.onRequest({ remote, transactionId: msg.transactionId, method: msg.method, rfc3489: msg.rfc3489, outcome });
      }
    } catch (e) {
      this.#report(e);
    }
  }
}
