/**
 * The budget of the ROC+1 retry for new SSRCs (see srtp-transform.ts): a token bucket, so that forged
 * packets of fresh SSRCs cost at most `capacity` extra tag checks at once and `perSecond` a second after
 * that, whatever the flood. A retry that authenticates gives its token back.
 * @module
 */
import type { SrtpRetryCounts } from '../retry-counts.js';

/** The default clock, one function for every budget (a closure per budget would cost 56 B each). */
const monotonicNow = (): number => performance.now();

export class RetryBudget {
  #tokens: number;
  #last: number;
  #triedCount = 0;
  #authenticatedCount = 0;
  #skippedCount = 0;

  readonly #capacity: number;
  readonly #perSecond: number;
  readonly #now: () => number;

  constructor(capacity: number, perSecond: number, now: () => number = monotonicNow) {
    this.#capacity = capacity;
    this.#perSecond = perSecond;
    this.#now = now;
    this.#tokens = capacity;
    this.#last = now();
  }

  /** Takes a token for one retry; false (and counted as skipped) when none is left. */
  take(): boolean {
    const t = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + ((t - this.#last) * this.#perSecond) / 1000);
    this.#last = t;
    if (this.#tokens < 1) {
      this.#skippedCount++;
      return false;
    }
    this.#tokens--;
    this.#triedCount++;
    return true;
  }

  /** The retry authenticated: it was a real late joiner, not a forgery, so its token comes back. */
  succeeded(): void {
    this.#authenticatedCount++;
    this.#tokens = Math.min(this.#capacity, this.#tokens + 1);
  }

  counts(): SrtpRetryCounts {
    return { tried: this.#triedCount, authenticated: this.#authenticatedCount, skipped: this.#skippedCount };
  }
}
