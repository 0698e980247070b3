// Version vectors (DDIA 5.4, "Version vectors"): node id -> how many events of
// that node a version has seen. Small and self-contained on purpose, so any
// mode that keeps concurrent writes can share it. JSON in and out, with keys
// sorted, so equal vectors serialize equally.

/** node id -> counter (> 0); a missing node is 0. */
export type VersionVector = Readonly<Record<string, number>>;

export type Order = 'equal' | 'before' | 'after' | 'concurrent';

export function isVersionVector(x: unknown): x is VersionVector {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  return Object.values(x).every((n) => Number.isInteger(n) && (n as number) > 0);
}

/** The same vector with its nodes in sorted order. */
export function canonical(v: VersionVector): VersionVector {
  const out: Record<string, number> = {};
  for (const k of Object.keys(v).sort()) if (v[k]! > 0) out[k] = v[k]!;
  return out;
}

/** The least vector at or after both (pointwise max). */
export function join(a: VersionVector, b: VersionVector): VersionVector {
  const out: Record<string, number> = { ...a };
  for (const [k, n] of Object.entries(b)) out[k] = Math.max(out[k] ?? 0, n);
  return canonical(out);
}

/** How a relates to b: before means every entry of a is at or below b's and they differ. */
export function compare(a: VersionVector, b: VersionVector): Order {
  let less = false;
  let more = false;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[k] ?? 0;
    const y = b[k] ?? 0;
    if (x < y) less = true;
    if (x > y) more = true;
  }
  if (less && more) return 'concurrent';
  if (less) return 'before';
  if (more) return 'after';
  return 'equal';
}

/** Whether event `n` of `node` is in v's past. */
export function includes(v: VersionVector, node: string, n: number): boolean {
  return (v[node] ?? 0) >= n;
}
