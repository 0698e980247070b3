// Version vectors as multi-leader keeps them: per origin node, the highest
// change sequence number a version has seen. The order is the shared one
// (../shared/version-vector.ts); merging many at once and accepting a zero
// entry in a client's context are this mode's own.
import { isJsonObject } from '../../protocol.ts';
import { compare, type VersionVector } from '../shared/version-vector.ts';

export type { VersionVector } from '../shared/version-vector.ts';

/** a ≤ b: everything a saw, b saw too. */
export function dominatedBy(a: VersionVector, b: VersionVector): boolean {
  const o = compare(a, b);
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
