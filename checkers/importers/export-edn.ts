// Our history as Jepsen's history.edn, so Jepsen's and Elle's own checkers
// can read a splitbrain run.
import type { Op } from '../../core/history.ts';

const KEYWORD_FIELDS: ReadonlySet<string> = new Set(['type', 'f']);

/** EDN text of a JSON-ish value; strings stay strings (keys of micro-ops are strings here). */
export function toEdn(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(toEdn).join(' ')}]`;
  if (typeof v === 'object') {
    const parts = Object.entries(v as Record<string, unknown>).map(
      ([k, x]) => `${keyword(k)} ${toEdn(x)}`,
    );
    return `{${parts.join(', ')}}`;
  }
  throw new Error(`cannot write ${typeof v} as EDN`);
}

function keyword(name: string): string {
  return /^[A-Za-z*+!_?<>=.-][A-Za-z0-9*+!_?<>=.\-/]*$/.test(name)
    ? `:${name}`
    : JSON.stringify(name);
}

/** Micro-op lists carry keyword functions: [[:w "k1" 3]]. */
function valueEdn(v: unknown): string {
  const micro =
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((m) => Array.isArray(m) && m.length === 3 && typeof m[0] === 'string');
  if (!micro) return toEdn(v);
  return `[${(v as unknown[][]).map(([f, k, x]) => `[${keyword(f as string)} ${toEdn(k)} ${toEdn(x)}]`).join(' ')}]`;
}

export function exportJepsenEdn(ops: Iterable<Op>): string {
  const lines: string[] = [];
  for (const op of ops) {
    const fields: string[] = [];
    for (const [k, x] of Object.entries(op)) {
      if (x === undefined) continue;
      let text: string;
      if (KEYWORD_FIELDS.has(k)) text = keyword(String(x));
      else if (k === 'process') text = typeof x === 'number' ? String(x) : keyword(String(x));
      else if (k === 'value') text = valueEdn(x);
      else text = toEdn(x);
      fields.push(`${keyword(k)} ${text}`);
    }
    lines.push(`{${fields.join(', ')}}`);
  }
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}
