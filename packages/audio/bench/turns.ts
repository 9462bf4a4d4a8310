/** Timing for the benchmarks' side-by-side tables, printed before vitest's own benchmarks. */

/**
 * Median wall time of each function over repeated runs, in ms: the functions take turns (one run each
 * per round, at least 7 rounds, about `budgetMs` in all) so that the machine's varying load falls on all alike.
 */
export function medianMs(fns: (() => void)[], budgetMs = 2000): number[] {
  fns.forEach((fn) => fn());
  const times: number[][] = fns.map(() => []);
  const start = performance.now();
  for (let turn = 0; turn < 7 || (performance.now() - start < budgetMs && turn < 200); turn++) {
    fns.forEach((fn, i) => {
      const t0 = performance.now();
      fn();
      times[i]!.push(performance.now() - t0);
    });
  }
  return times.map((t) => t.sort((x, y) => x - y)[t.length >> 1]!);
}
