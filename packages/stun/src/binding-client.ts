/**
 * The client side of Binding transactions over UDP, RFC 5389 §7.2.1 (retransmissions) and §7.3.3
 * (processing a response), RFC 8489 §6.2.1 / §6.3.3: one request retransmitted on the RTO schedule
 * until a response from the server asked, with the transaction ID sent, arrives; anything else is
 * counted and ignored. Used by `StunSocket`; not exported from the package.
 * @module
 */
import { randomFillSync } from 'node:crypto';
import type { RemoteInfo } from 'node:dgram';
import type { StunAddress } from './address.js';
import { getErrorCode, getMappedAddress, getXorMappedAddress } from './attributes.js';
import { StunClass, StunMessageType, StunMethod } from './constants.js';
import { StunError } from './errors.js';
import { verifyFingerprint } from './integrity.js';
import type { ParsedStunMessage } from './message.js';
import { serializeStunMessage } from './message.js';
import { MAX_TIMER_DELAY_MS, type RetransmissionOptions } from './retransmission.js';
import { canonicalIp } from './internal/ip.js';

/** The counters a client updates (a subset of `StunSocketStats`). */
export interface BindingClientStats {
  requestsSent: number;
  spoofedResponsesIgnored: number;
  droppedMalformed: number;
}

interface Pending {
  readonly server: StunAddress;
  readonly resolve: (a: StunAddress) => void;
  readonly reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

function hexId(tid: Uint8Array): string {
  let s = '';
  for (let i = 0; i < tid.length; i++) {
    s += (tid[i]! < 16 ? '0' : '') + tid[i]!.toString(16);
  }
  return s;
}

/** Runs Binding transactions through a send function and the responses handed to it. */
export class BindingClient {
  readonly #pending = new Map<string, Pending>();
  readonly #send: (data: Uint8Array, port: number, address: string) => void;
  readonly #stats: BindingClientStats;
  readonly #retransmission: Required<RetransmissionOptions>;

  constructor(
    send: (data: Uint8Array, port: number, address: string) => void,
    stats: BindingClientStats,
    retransmission: Required<RetransmissionOptions>,
  ) {
    this.#send = send;
    this.#stats = stats;
    this.#retransmission = retransmission;
  }

  /** How long a transaction can take at most: the last send time plus Rm x RTO (RFC 5389 §7.2.1). */
  maxDuration(): number {
    const { rto, maxRequests, finalTimeoutFactor } = this.#retransmission;
    return rto * (2 ** (maxRequests - 1) - 1) + rto * finalTimeoutFactor;
  }

  /** One Binding transaction to `server`; resolves with the mapped address. */
  transact(server: StunAddress): Promise<StunAddress> {
    const tid = randomFillSync(new Uint8Array(12));
    const id = hexId(tid);
    const request = serializeStunMessage({ type: StunMessageType.BindingRequest, transactionId: tid, attributes: [] }, { fingerprint: true });
    const { rto, maxRequests, finalTimeoutFactor } = this.#retransmission;
    return new Promise<StunAddress>((resolve, reject) => {
      const p: Pending = { server, resolve, reject, timer: undefined };
      this.#pending.set(id, p);
      let sent = 0;
      let interval = rto;
      // RFC 5389 §7.2.1: send at 0, RTO, 3 RTO, 7 RTO, ...; after the Rc-th request wait Rm x RTO.
      const step = (): void => {
        if (sent === maxRequests) {
          this.#pending.delete(id);
          reject(new StunError('TIMEOUT', `no STUN response from ${server.address}:${server.port} after ${sent} requests`, undefined, { requestsSent: sent }));
          return;
        }
        sent++;
        this.#stats.requestsSent++;
        this.#send(request, server.port, server.address);
        // Clamped: past 2^31-1 ms a timer fires at once (a long schedule would end after 1 ms).
        const wait = Math.min(sent === maxRequests ? rto * finalTimeoutFactor : interval, MAX_TIMER_DELAY_MS);
        interval *= 2;
        p.timer = setTimeout(step, wait);
        p.timer.unref();
      };
      step();
    });
  }

  /** Fails every running transaction with `error` (on close). */
  cancelAll(error: Error): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      this.#pending.delete(id);
      p.reject(error);
    }
  }

  /** Handles a success or error response received from `rinfo`. Never throws. */
  handleResponse(msg: ParsedStunMessage, rinfo: RemoteInfo): void {
    const id = hexId(msg.transactionId);
    const p = this.#pending.get(id);
    // RFC 5389 §7.3.3: a response must match a transaction we run; we also require the server's address.
    if (p === undefined || canonicalIp(rinfo.address) !== p.server.address || rinfo.port !== p.server.port) {
      this.#stats.spoofedResponsesIgnored++;
      return;
    }
    // RFC 5389 §7.3: a response carries the method of its request. A success or error response of
    // another method (an Allocate answer, a confused or hostile server) does not answer our Binding
    // request: ignore it and keep the transaction running, as for a spoofed one.
    if (msg.method !== StunMethod.Binding) {
      this.#stats.spoofedResponsesIgnored++;
      return;
    }
    if (msg.fingerprintOffset >= 0 && !verifyFingerprint(msg)) {
      this.#stats.droppedMalformed++;
      return;
    }
    const where = `STUN server ${p.server.address}:${p.server.port}`;
    // RFC 5389 §7.3.3: unknown comprehension-required attributes in a response fail the transaction.
    if (msg.unknownRequiredAttributes.length > 0) {
      this.#finish(id, p);
      const types = msg.unknownRequiredAttributes.map((t) => `0x${t.toString(16).padStart(4, '0')}`).join(', ');
      p.reject(new StunError('BAD_RESPONSE', `${where} sent unknown comprehension-required attributes ${types}`));
      return;
    }
    if (msg.cls === StunClass.ErrorResponse) {
      let ec;
      try {
        ec = getErrorCode(msg);
      } catch {
        this.#stats.droppedMalformed++;
        return;
      }
      this.#finish(id, p);
      p.reject(
        new StunError('ERROR_RESPONSE', `${where} answered ${ec?.code ?? '(no ERROR-CODE)'} ${ec?.reason ?? ''}`.trimEnd(), undefined, {
          errorCode: ec?.code,
          reason: ec?.reason,
        }),
      );
      return;
    }
    let mapped: StunAddress | undefined;
    try {
      // nodertc/stun#32: some servers send only MAPPED-ADDRESS.
      mapped = getXorMappedAddress(msg) ?? getMappedAddress(msg);
    } catch {
      this.#stats.droppedMalformed++;
      return;
    }
    this.#finish(id, p);
    if (mapped === undefined) {
      p.reject(new StunError('BAD_RESPONSE', `${where} sent neither XOR-MAPPED-ADDRESS nor MAPPED-ADDRESS`));
      return;
    }
    p.resolve(mapped);
  }

  #finish(id: string, p: Pending): void {
    clearTimeout(p.timer);
    this.#pending.delete(id);
  }
}
