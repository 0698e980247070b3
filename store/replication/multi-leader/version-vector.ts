// Version vectors: per origin node, the highest change sequence number a
// version has seen. They tell a causally later write (it dominates) from a
// concurrent one (neither dominates), which timestamps cannot.
import { isJsonObject } from '../../protocol.ts';

export type VersionVector = Readonly<Record<string, number>>;

export type Order = 'before' | 'after' | 'equal' | 'concurrent';

/** How a relates to b. */
export function compareVV(a: VersionVector, b: VersionVector): Order {
  let less = false;
  let more = false;
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[id] ?? 0;
    const y = b[id] ?? 0;
    if (x < y) less = true;
    if (x > y) more = true;
  }
  if (less && more) return 'concurrent';
  if (less) return 'before';
  return more ? 'after' : 'equal';
}

/** a ≤ b: everything a saw, b saw too. */
export function dominatedBy(a: VersionVector, b: VersionVector): boolean {
  const o = compareVV(a, b);
  return o === 'before' || o === 'equal';
}

export function mergeVV(...vvs: readonly VersionVector[]): VersionVector {
  const out: Record<string, number> = {};
  for (const vv of vvs)
    for (const [id, n] of Object.entries(vv)) out[id] = Math.max(out[id] ?? 0, n);
  return sortedVV(out);
}

/** The same vector with keys in one order, so equal vectors serialize alike. */
export function sortedVV(vv: VersionVector): VersionVector {
  const out: Record<string, number> = {};
  for (const id of Object.keys(vv).sort()) out[id] = vv[id]!;
  return out;
}

export function isVV(x: unknown): x is VersionVector {
  return (
    isJsonObject(x) &&
    Object.values(x).every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)
  );
}
