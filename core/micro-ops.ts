// Jepsen's micro-op lists, the value of every key-value op (docs/architecture.md, "The
// history"): their names, the siblings a read may return, and the shape rules
// the history reader enforces.

/**
 * A Jepsen micro-op: ["r", key, value|null], ["w", key, value] or
 * ["append", key, element]; Knossos's multi-register spells r and w "read"
 * and "write". A read's value may be siblings (see Siblings).
 */
export type MicroOp = readonly [string, string, unknown];

/** Micro-op names a history may use; anything else is bad input. */
export const MICRO_OP_NAMES: ReadonlySet<string> = new Set(['r', 'w', 'append', 'read', 'write']);

/** True for the micro-ops that read. */
export function isReadMicro(f: string): boolean {
  return f === 'r' || f === 'read';
}

/** True for the micro-ops that overwrite a key. */
export function isWriteMicro(f: string): boolean {
  return f === 'w' || f === 'write';
}

/**
 * A read of a key that returned two or more concurrent versions (multi-leader
 * and leaderless stores), in the order the store returned them.
 */
export interface Siblings {
  readonly siblings: readonly unknown[];
}

export function isSiblings(v: unknown): v is Siblings {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'siblings' in v;
}

/**
 * Why a value that is a micro-op list (every element a 3-element array
 * starting with a string) is malformed, or null when it is fine or is not a
 * micro-op list at all (a register's 5, a cas's [1, 2]).
 */
export function microOpShapeError(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  // Plain loops, and the message built only on failure: this runs on every line of every history.
  for (let i = 0; i < value.length; i++) {
    const m: unknown = value[i];
    if (!Array.isArray(m) || m.length !== 3 || typeof m[0] !== 'string') return null;
  }
  for (let i = 0; i < value.length; i++) {
    const m = value[i] as unknown[];
    const why = microOpError(m[0] as string, m[1], m[2]);
    if (why !== null) return `micro-op ${i} ${JSON.stringify(m)}: ${why}`;
  }
  return null;
}

function microOpError(f: string, key: unknown, v: unknown): string | null {
  if (!MICRO_OP_NAMES.has(f))
    return `"${f}" is not a micro-op; use r (read), w (write) or append (read and write are Knossos's spellings)`;
  if (typeof key !== 'string') return 'the key must be a string';
  if (v === null || typeof v !== 'object' || !isSiblings(v)) return null;
  if (!isReadMicro(f)) return 'only a read may return siblings';
  const s = (v as Siblings).siblings;
  if (Object.keys(v).length !== 1 || !Array.isArray(s) || s.length < 2)
    return 'siblings must be {"siblings": [v1, v2, ...]} with two or more versions (one version is a plain value)';
  if (s.some((x) => x === null || isSiblings(x)))
    return 'each sibling must be a plain value (not null, not nested siblings)';
  return null;
}

/** Reads micro-ops from an op's value, or null when the value is not a micro-op list. */
export function microOps(value: unknown): MicroOp[] | null {
  if (!Array.isArray(value)) return null;
  for (const m of value) {
    if (!Array.isArray(m) || m.length !== 3 || typeof m[0] !== 'string' || typeof m[1] !== 'string')
      return null;
  }
  return value as MicroOp[];
}
