/**
 * The capacity search of the load runs, on its own and pure: given a probe (run N calls, say whether
 * they held), find the largest N that held, with a bounded number of probes. Doubling from `start`
 * until a probe fails (or `max` holds), then bisection between the largest count that held and the
 * smallest that failed, down to `resolution` calls or until `maxProbes` probes have run.
 *
 * The answer is always a count that was probed and held (or 0): the search never reports a count it
 * did not see hold, so a probe budget that runs out gives a lower bound, never an overshoot.
 */

/** A probe's verdict: held or not, and why not. */
export interface ProbeVerdict {
  readonly held: boolean;
  /** Why it did not hold (lost N, pace fell behind by X s, far side behind, ...); empty when it held. */
  readonly reasons: readonly string[];
  /** One line of figures for the log (optional). */
  readonly detail?: string;
}

/** One probe of a search, in the order run. */
export interface ProbeRecord extends ProbeVerdict {
  readonly calls: number;
}

/** Bounds of {@link searchCapacity}. */
export interface CapacitySearchOptions {
  /** First count probed (rounded up to a multiple of `resolution`). */
  readonly start: number;
  /** Largest count probed; holding there ends the search with `calls: max` and `atMax: true`. */
  readonly max: number;
  /** Step of the counts probed; the search stops once the bracket is this narrow. */
  readonly resolution: number;
  /** Most probes run (default 8). */
  readonly maxProbes?: number;
  /**
   * Wall-time bound of one probe, ms: a probe still running then counts as not held and ends the
   * search (`aborted`), since it may still be using the machine. Default: none (the probe bounds itself).
   */
  readonly probeTimeoutMs?: number;
}

/** What {@link searchCapacity} found. */
export interface CapacityResult {
  /** The largest count that held (0 when none did). */
  readonly calls: number;
  /** The smallest count that failed, when one did. */
  readonly failedAt: number | undefined;
  /** True when `max` itself held: the capacity is at least `max`. */
  readonly atMax: boolean;
  /** True when the probe budget ran out before the bracket was `resolution` wide. */
  readonly budgetExhausted: boolean;
  /** Why the search stopped early (a probe timed out), if it did. */
  readonly aborted: string | undefined;
  readonly probes: readonly ProbeRecord[];
}

function checkOptions(o: CapacitySearchOptions): void {
  for (const [name, value] of [
    ['start', o.start],
    ['max', o.max],
    ['resolution', o.resolution],
    ['maxProbes', o.maxProbes ?? 8],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`capacity search: "${name}" must be a positive integer, got ${value}`);
    }
  }
  if (o.start > o.max) {
    throw new RangeError(`capacity search: "start" (${o.start}) is above "max" (${o.max})`);
  }
}

async function runProbe(probe: (calls: number) => Promise<ProbeVerdict>, calls: number, timeoutMs: number | undefined): Promise<ProbeVerdict & { timedOut: boolean }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ProbeVerdict & { timedOut: boolean }>((resolve) => {
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => resolve({ held: false, reasons: [`probe still running after ${(timeoutMs / 1000).toFixed(1)} s`], timedOut: true }), timeoutMs);
    }
  });
  const run = probe(calls).then(
    (v) => ({ ...v, timedOut: false }),
    (error: unknown) => ({ held: false, reasons: [`probe failed: ${error instanceof Error ? error.message : String(error)}`], timedOut: false }),
  );
  try {
    return await (timeoutMs === undefined ? run : Promise.race([run, timeout]));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Searches the largest count `probe` holds (see the module comment).
 * @example
 * ```ts
 * const r = await searchCapacity(async (n) => ({ held: n <= 1700, reasons: n <= 1700 ? [] : ['lost'] }), { start: 500, max: 8000, resolution: 100 });
 * r.calls; // 1700 or just below, never above
 * ```
 */
export async function searchCapacity(probe: (calls: number) => Promise<ProbeVerdict>, options: CapacitySearchOptions): Promise<CapacityResult> {
  checkOptions(options);
  const { max, resolution } = options;
  const maxProbes = options.maxProbes ?? 8;
  const probes: ProbeRecord[] = [];
  let good = 0;
  let bad: number | undefined;
  let aborted: string | undefined;
  const step = async (calls: number): Promise<boolean> => {
    const v = await runProbe(probe, calls, options.probeTimeoutMs);
    probes.push({ calls, held: v.held, reasons: v.reasons, ...(v.detail === undefined ? {} : { detail: v.detail }) });
    if (v.timedOut) {
      aborted = v.reasons[0];
    }
    if (v.held) {
      good = Math.max(good, calls);
    } else {
      bad = Math.min(bad ?? calls, calls);
    }
    return v.held;
  };
  const roundUp = (n: number): number => Math.min(max, Math.ceil(n / resolution) * resolution);
  // Doubling.
  for (let n = roundUp(options.start); probes.length < maxProbes && aborted === undefined; n = roundUp(n * 2)) {
    if (!(await step(n)) || n >= max) {
      break;
    }
  }
  // Bisection between the largest count held and the smallest failed.
  while (bad !== undefined && aborted === undefined && bad - good > resolution && probes.length < maxProbes) {
    const mid = Math.round((good + bad) / 2 / resolution) * resolution;
    if (mid <= good || mid >= bad) {
      break;
    }
    await step(mid);
  }
  const atMax = good >= max;
  const settled = atMax || (bad !== undefined && bad - good <= resolution);
  return { calls: good, failedAt: bad, atMax, budgetExhausted: !settled && aborted === undefined, aborted, probes };
}

/** The probes of a search as log lines, and the verdict. */
export function formatCapacitySearch(r: CapacityResult, unit = 'calls'): string[] {
  const lines = r.probes.map((p) => `${p.calls} ${unit}: ${p.held ? 'held' : `NOT held (${p.reasons.join('; ')})`}${p.detail === undefined ? '' : ` [${p.detail}]`}`);
  const bound = r.atMax
    ? `at least ${r.calls} (the search's maximum held)`
    : r.failedAt === undefined
      ? `${r.calls}`
      : `${r.calls} (${r.failedAt} did not hold${r.budgetExhausted ? '; probe budget ran out before the bracket narrowed' : ''})`;
  lines.push(`=> ${bound}${r.aborted === undefined ? '' : `; search stopped: ${r.aborted}`}`);
  return lines;
}
