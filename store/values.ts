// Value rules shared by the write path and replay: nondeterministic
// statements, and the key-to-shard hash.
import type { Value } from './protocol.ts';

/** Functions a statement may call; each replica evaluates them itself. */
export const STATEMENT_FNS = ['now', 'rand'] as const;
export type StatementFn = (typeof STATEMENT_FNS)[number];

export interface EvalContext {
  /** This replica's wall clock (skew included). */
  nowMs(): number;
  /** This replica's random source, in [0, 1). */
  random(): number;
}

function isFnCall(v: Value): v is { fn: string } {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).length === 1 &&
    typeof v.fn === 'string'
  );
}

/** Returns a message naming the first unknown function call in v, or null when v is fine. */
export function checkStatement(v: Value): string | null {
  if (isFnCall(v)) {
    return (STATEMENT_FNS as readonly string[]).includes(v.fn)
      ? null
      : `unknown function {"fn":${JSON.stringify(v.fn)}}; known: ${STATEMENT_FNS.join(', ')}`;
  }
  if (Array.isArray(v)) {
    for (const x of v) {
      const m = checkStatement(x);
      if (m) return m;
    }
  } else if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) {
      const m = checkStatement(x);
      if (m) return m;
    }
  }
  return null;
}

/** Replaces every {"fn": ...} call in v by its value on this replica. */
export function evaluate(v: Value, ctx: EvalContext): Value {
  if (isFnCall(v)) {
    if (v.fn === 'now') return ctx.nowMs();
    if (v.fn === 'rand') return Math.floor(ctx.random() * 1_000_000_000);
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => evaluate(x, ctx));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, Value> = {};
    for (const [k, x] of Object.entries(v)) out[k] = evaluate(x, ctx);
    return out;
  }
  return v;
}

/** FNV-1a: stable across processes and versions, unlike anything seeded. */
export function shardOf(key: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}

/** Node ids in the order shard leadership is dealt: n2 before n10. */
export function sortNodeIds(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
