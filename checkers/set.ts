// Jepsen's set checker: every acknowledged add must be present in the final
// read of the set, and a final read may hold only elements someone tried to
// add. A final read of siblings holds the union of its versions (what a
// client merging them sees). Adds of unknown outcome may be present or not.
// No final read, or no acknowledged add: no evidence either way, unknown.
import { BadOpError, type Op } from '../core/history.ts';
import type { Anomaly, Checker, CheckPass, CheckResult } from './checker.ts';

interface FinalRead {
  readonly index: number;
  readonly node: string;
  readonly elements: ReadonlySet<string>;
}

/** The elements of a read's value, as JSON texts; null when it is not a set. */
export function setElements(value: unknown): Set<string> | null {
  if (Array.isArray(value)) return new Set(value.map((e) => JSON.stringify(e)));
  if (value === null) return new Set();
  const siblings = (value as { siblings?: unknown } | null)?.siblings;
  if (typeof value !== 'object' || !Array.isArray(siblings)) return null;
  const out = new Set<string>();
  for (const s of siblings) {
    const part = setElements(s);
    if (part === null) return null;
    for (const e of part) out.add(e);
  }
  return out;
}

const preview = (xs: readonly string[]): string =>
  xs.length <= 10 ? xs.join(', ') : `${xs.slice(0, 10).join(', ')} and ${xs.length - 10} more`;

class SetPass implements CheckPass {
  /** Element → the add's invoke index; acknowledged and unknown adds by element. */
  private readonly attempted = new Map<string, number>();
  private readonly acked = new Map<string, number>();
  private readonly finals: FinalRead[] = [];

  step(op: Op): void {
    if (op.f === 'add') this.stepAdd(op);
    else if (op.f === 'final-read' && op.type === 'ok') {
      const elements = setElements(op.value);
      if (elements === null)
        throw new BadOpError(
          op.index,
          `final read returned ${JSON.stringify(op.value)?.slice(0, 80)}, not a set`,
          'a set read is an array of elements, or {"siblings": [arrays]} (workloads/README.md, "set")',
        );
      this.finals.push({ index: op.index, node: op.node ?? '?', elements });
    }
  }

  private stepAdd(op: Op): void {
    const e = JSON.stringify(op.value);
    if (op.type === 'invoke') {
      if (!this.attempted.has(e)) this.attempted.set(e, op.index);
    } else if (op.type === 'ok') this.acked.set(e, op.index);
  }

  finish(): CheckResult {
    const anomalies: Anomaly[] = [];
    let lost = 0;
    let unexpected = 0;
    for (const f of this.finals) {
      const missing = [...this.acked.keys()].filter((e) => !f.elements.has(e));
      const stray = [...f.elements].filter((e) => !this.attempted.has(e));
      lost += missing.length;
      unexpected += stray.length;
      if (missing.length > 0)
        anomalies.push({
          kind: 'lost',
          ops: [...missing.map((e) => this.acked.get(e)!), f.index].sort((a, b) => a - b),
          explanation: `the final read on ${f.node} (op ${f.index}) lacks ${missing.length} acknowledged add(s): ${preview(missing)}`,
        });
      if (stray.length > 0)
        anomalies.push({
          kind: 'unexpected',
          ops: [f.index],
          explanation: `the final read on ${f.node} (op ${f.index}) holds ${preview(stray)}, which no client tried to add`,
        });
    }
    const stats = {
      attempted: this.attempted.size,
      acknowledged: this.acked.size,
      finalReads: this.finals.length,
      lost,
      unexpected,
    };
    if (anomalies.length > 0) return { valid: false, anomalies, stats };
    if (this.finals.length === 0)
      return { valid: 'unknown', anomalies, stats, error: 'no final read of the set succeeded' };
    if (this.acked.size === 0)
      return { valid: 'unknown', anomalies, stats, error: 'no add was acknowledged' };
    return { valid: true, anomalies, stats };
  }
}

export const setChecker: Checker = {
  id: 'set',
  description:
    'every acknowledged add is in every final read of the set, which holds only elements someone tried to add',
  start: () => new SetPass(),
};
