/**
 * "Did you mean ...?" for misspelt commands and flags: the candidate at the smallest edit distance
 * (optimal string alignment: insertions, deletions, substitutions and swaps of neighbours).
 * @module
 */

/**
 * The edit distance between two strings, counting a swap of two neighbouring characters as one edit.
 * @param a - one string
 * @param b - the other
 * @returns the number of edits turning `a` into `b`
 * Usage (internal to the CLI, not exported from the package):
 * ```ts
 * editDistance('decrpyt', 'decrypt'); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) {
    d[i * cols] = i;
  }
  for (let j = 0; j < cols; j++) {
    d[j] = j;
  }
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = v;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate closest to `word`, if it is close enough to be a likely typo: at most 2 edits, and
 * fewer edits than half of the word's length; a candidate that starts with `word` also counts.
 * @param word - what was typed
 * @param candidates - the valid words
 * @returns the suggestion, or undefined
 * Usage (internal to the CLI, not exported from the package):
 * ```ts
 * closestMatch('stnu', ['demo', 'stun', 'stun-server']); // 'stun'
 * ```
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const distance = editDistance(word, c);
    if (distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= 2 && bestDistance * 2 < word.length) {
    return best;
  }
  return word.length >= 3 ? candidates.find((c) => c.startsWith(word)) : undefined;
}
