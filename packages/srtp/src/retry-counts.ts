/**
 * What the ROC+1 retry for new SSRCs has done, for monitoring a flood of forged fresh SSRCs.
 * @module
 */
/**
 * Counts of the new-stream ROC retry (`SrtpSession.newStreamRetries`).
 * @example
 * ```ts
 * import { SrtpSession, type SrtpRetryCounts } from '@voip/srtp';
 * const counts: SrtpRetryCounts = SrtpSession.generate().newStreamRetries;
 * console.log(counts.skipped);
 * ```
 */
export interface SrtpRetryCounts {
  /** Retries made (a new SSRC's first packet failed under the assumed ROC, tried again one ROC later). */
  readonly tried: number;
  /** Retries that authenticated (a late joiner found). */
  readonly authenticated: number;
  /** Retries not made because the budget was spent (a flood of forged fresh SSRCs). */
  readonly skipped: number;
}
