// The store's value language, the same in every replication mode: a value
// may call {"fn":"now"} or {"fn":"rand"}, which the mode evaluates where it
// chooses (single-leader: once on the leader, or on every replica for a
// statement log). And the order of node ids.
import { isJsonObject, type Value } from './protocol.ts';

/** Functions a statement may call; each replica evaluates them itself. */
export const STATEMENT_FNS = ['now', 'rand'] as const;

export interface EvalContext {
  /** This replica's wall clock (skew included). */
  nowMs(): number;
  /** This replica's random source, in [0, 1). */
  random(): number;
}

function isFnCall(v: Value): v is { fn: string } {
  return isJsonObject(v) && Object.keys(v).length === 1 && typeof v.fn === 'string';
}

const isList = (v: Value): v is readonly Value[] => Array.isArray(v);

/** Returns a message naming the first unknown function call in v, or null when v is fine. */
export function checkStatement(v: Value): string | null {
  if (isFnCall(v)) {
    return (STATEMENT_FNS as readonly string[]).includes(v.fn)
      ? null
      : `unknown function {"fn":${JSON.stringify(v.fn)}}; known: ${STATEMENT_FNS.join(', ')}`;
  }
  if (isList(v)) {
    for (const x of v) {
      const m = checkStatement(x);
      if (m) return m;
    }
  } else if (isJsonObject(v)) {
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
  if (isList(v)) return v.map((x) => evaluate(x, ctx));
  if (isJsonObject(v)) {
    const out: Record<string, Value> = {};
    for (const [k, x] of Object.entries(v)) out[k] = evaluate(x, ctx);
    return out;
  }
  return v;
}

/** Node ids in their natural order (n2 before n10); modes deal roles in it. */
export function sortNodeIds(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
