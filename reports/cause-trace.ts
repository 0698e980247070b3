// Traces anomalies to where they came from, for the cause summary (cause.ts):
// the witness op that came out wrong, the node that served it, the fault
// active then that touched that node, and how far behind the node was.
import type { Anomaly } from '../checkers/checker.ts';
import type { Op } from '../core/history.ts';
import { relationTo } from './cause-relation.ts';
import type { FaultInterval } from './faults.ts';
import { fmtCount } from './format.ts';

/** How a kind reads in a sentence, and which witness op is the one to trace. */
export interface KindWords {
  readonly one: string;
  readonly many: string;
  /** last: the read that came out wrong; first: the write that was acknowledged and lost. */
  readonly culprit: 'last' | 'first';
  readonly verb: string;
}

export const KINDS: Readonly<Record<string, KindWords>> = {
  'stale-read': { one: 'stale read', many: 'stale reads', culprit: 'last', verb: 'served by' },
  'non-monotonic-read': {
    one: 'non-monotonic read',
    many: 'non-monotonic reads',
    culprit: 'last',
    verb: 'served by',
  },
  'inconsistent-prefix': {
    one: 'inconsistent-prefix read',
    many: 'inconsistent-prefix reads',
    culprit: 'last',
    verb: 'served by',
  },
  'phantom-read': {
    one: 'phantom read',
    many: 'phantom reads',
    culprit: 'last',
    verb: 'served by',
  },
  'failed-write-visible': {
    one: 'read of a failed write',
    many: 'reads of failed writes',
    culprit: 'last',
    verb: 'served by',
  },
  'lost-write': {
    one: 'lost write',
    many: 'lost writes',
    culprit: 'first',
    verb: 'acknowledged by',
  },
};

/** Anomalies of one kind that trace back to one node under one fault (or none). */
export interface CauseGroup {
  /** Who served the traced op; undefined when the history has no node field for it. */
  readonly node?: string;
  /** The fault active at the traced op that bears most on its node; undefined when none was. */
  readonly fault?: FaultInterval;
  readonly count: number;
  readonly firstNs: number;
  readonly lastNs: number;
  /** The node's worst lag in the group's span: monitor samples, else the witness ops' own gap. */
  readonly behind?: { readonly text: string; readonly from: 'monitor' | 'witness' };
}

export interface TraceInput {
  readonly history: readonly Op[];
  readonly faults: readonly FaultInterval[];
}

/** The witness op to trace: the read that came out wrong, or the write that was lost. */
function culprit(kind: string, a: Anomaly, history: readonly Op[]): Op | undefined {
  const ops = (a.ops ?? []).map((i) => history[i]).filter((o): o is Op => o !== undefined);
  const done = ops.filter((o) => typeof o.process === 'number' && o.type === 'ok');
  return KINDS[kind]!.culprit === 'first' ? done[0] : done[done.length - 1];
}

export function groupsOf(
  kind: string,
  anomalies: readonly Anomaly[],
  input: TraceInput,
): CauseGroup[] {
  const groups = new Map<
    string,
    { node?: string; fault?: FaultInterval; ops: Op[]; gaps: number[] }
  >();
  for (const a of anomalies) {
    const op = culprit(kind, a, input.history);
    if (!op) continue;
    const fault = activeFault(input.faults, op);
    const key = `${op.node ?? ''}\u0000${fault ? input.faults.indexOf(fault) : -1}`;
    const g = groups.get(key) ?? {
      ...(op.node ? { node: op.node } : {}),
      ...(fault ? { fault } : {}),
      ops: [],
      gaps: [],
    };
    g.ops.push(op);
    const others = (a.ops ?? []).map((i) => input.history[i]).filter((o) => o && o !== op);
    for (const o of others) if (o!.time < op.time) g.gaps.push(op.time - o!.time);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => {
      const times = g.ops.map((o) => o.time);
      const firstNs = Math.min(...times);
      const lastNs = Math.max(...times);
      const behind = g.node ? lagOf(input.history, g.node, firstNs, lastNs) : undefined;
      const gap = g.gaps.length ? Math.max(...g.gaps) : undefined;
      return {
        ...(g.node ? { node: g.node } : {}),
        ...(g.fault ? { fault: g.fault } : {}),
        count: g.ops.length,
        firstNs,
        lastNs,
        ...(behind
          ? { behind: { text: behind, from: 'monitor' as const } }
          : gap !== undefined && KINDS[kind]!.culprit === 'last'
            ? { behind: { text: seconds(gap), from: 'witness' as const } }
            : {}),
      };
    })
    .sort((a, b) => b.count - a.count || a.firstNs - b.firstNs);
}

/** Of the faults active when op completed, the one that touched its node, latest first. */
function activeFault(faults: readonly FaultInterval[], op: Op): FaultInterval | undefined {
  const active = faults.filter((f) => f.startNs <= op.time && op.time <= f.endNs);
  const touches = (f: FaultInterval) => (op.node ? relationTo(f, op.node).touches : false);
  return active.filter(touches).pop() ?? active.pop();
}

/**
 * The node's worst monitor lag sample while the group's ops ran; with no
 * sample inside that span (a short burst), the next one within 1.5 s.
 */
function lagOf(
  history: readonly Op[],
  node: string,
  fromNs: number,
  toNs: number,
): string | undefined {
  let ms = -1;
  let ops = -1;
  let inside = false;
  for (const op of history) {
    if (op.process !== 'monitor' || op.f !== 'lag' || op.time < fromNs) continue;
    if (op.time > toNs && (inside || op.time > toNs + 1.5e9)) break;
    const v = (op.value as Record<string, unknown> | null)?.[node];
    if (typeof v !== 'object' || v === null) continue;
    const s = v as { lagMs?: unknown; lagOps?: unknown };
    if (typeof s.lagMs === 'number') ms = Math.max(ms, s.lagMs);
    if (typeof s.lagOps === 'number') ops = Math.max(ops, s.lagOps);
    if (op.time > toNs) break;
    inside = true;
  }
  if (ms > 0) return seconds(ms * 1e6);
  if (ops > 0) return fmtCount(ops, 'write');
  return undefined;
}

function seconds(ns: number): string {
  return ns >= 1e9 ? `${(ns / 1e9).toFixed(1)} s` : `${Math.max(1, Math.round(ns / 1e6))} ms`;
}
