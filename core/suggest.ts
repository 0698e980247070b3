// A user who types a word we do not know most often meant one we do: name it,
// so the error says how to fix the command, not only that it is wrong.

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `word`, if close enough to be a typo of it: a
 * prefix either way counts as one edit ("alway" for "always"), and up to a
 * third of the word's letters (at least 2) may differ.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length === 0) return undefined;
  let best: { word: string; d: number } | undefined;
  for (const c of new Set(candidates)) {
    if (c.length < 2 || c === word) continue;
    const d = c.startsWith(word) || word.startsWith(c) ? 1 : distance(word, c);
    if (!best || d < best.d) best = { word: c, d };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.word : undefined;
}

/** ` (did you mean "x"?)` for the nearest candidate, or '' when none is near. */
export function didYouMean(word: unknown, candidates: readonly string[]): string {
  if (typeof word !== 'string') return '';
  const near = nearest(word, candidates);
  return near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`;
}
