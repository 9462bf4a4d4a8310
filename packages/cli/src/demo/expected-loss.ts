/**
 * What an RFC 3550 receiver must report as cumulative loss for a given arrival order: the algorithm of
 * RFC 3550 Appendix A.1 (probation of MIN_SEQUENTIAL = 2 in-order packets, then extended highest
 * sequence) and A.3 (lost = expected − received), written out here from the RFC as the demo's
 * independent oracle for the loss that RTCP receiver reports carry.
 * @module
 */

const MIN_SEQUENTIAL = 2;
const MAX_DROPOUT = 3000;
const RTP_SEQ_MOD = 0x10000;

/** Expected, received and lost packets per RFC 3550 A.1/A.3 for sequence numbers in arrival order. */
export interface ExpectedLoss {
  readonly expected: number;
  readonly received: number;
  readonly lost: number;
}

/**
 * Runs RFC 3550 A.1/A.3 over an arrival order (large jumps, which the demo never makes, are not modelled).
 * @param arrivals - RTP sequence numbers in the order they arrived
 * @returns expected, received and lost as a compliant receiver counts them
 * @example
 * ```ts
 * import { expectedLoss } from '@voip/cli';
 * expectedLoss([1, 2, 3, 5]).lost; // 1
 * ```
 */
export function expectedLoss(arrivals: readonly number[]): ExpectedLoss {
  let probation = MIN_SEQUENTIAL;
  let maxSeq = -1;
  let base = 0;
  let cycles = 0;
  let received = 0;
  let started = false;
  for (const seq of arrivals) {
    if (!started) {
      maxSeq = (seq - 1) & 0xffff;
      started = true;
    }
    if (probation > 0) {
      if (seq === ((maxSeq + 1) & 0xffff)) {
        probation--;
        maxSeq = seq;
        if (probation === 0) {
          base = seq;
          cycles = 0;
          received = 1;
        }
      } else {
        probation = MIN_SEQUENTIAL - 1;
        maxSeq = seq;
      }
      continue;
    }
    const udelta = (seq - maxSeq) & 0xffff;
    if (udelta < MAX_DROPOUT) {
      if (seq < maxSeq) {
        cycles += RTP_SEQ_MOD;
      }
      maxSeq = seq;
    }
    received++;
  }
  if (probation > 0) {
    return { expected: 0, received: 0, lost: 0 };
  }
  const expected = cycles + maxSeq - base + 1;
  return { expected, received, lost: expected - received };
}
