// The report's opening paragraph: why the anomalies happened, read purely off
// the history and results.json. Which node served the anomalous reads (the ok
// completion's `node`), which fault was active then and how it touched that
// node (the nemesis records), and how far behind the node was (the monitor's
// lag samples, else the gap the witness ops themselves show). It says so
// plainly when the history cannot tell. It never re-checks anything.
import type { Anomaly, CheckResult } from '../checkers/checker.ts';
import type { Op } from '../core/history.ts';
import { byNode } from './fault-words.ts';
import type { FaultInterval } from './faults.ts';
import { fmtCount } from './format.ts';
import { relationTo, whoWrote } from './cause-relation.ts';
import { kindCounts, verdictWord } from './types.ts';

/** How a kind reads in a sentence, and which witness op is the one to trace. */
interface KindWords {
  readonly one: string;
  readonly many: string;
  /** last: the read that came out wrong; first: the write that was acknowledged and lost. */
  readonly culprit: 'last' | 'first';
  readonly verb: string;
}

const KINDS: Readonly<Record<string, KindWords>> = {
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

export interface KindCause {
  readonly kind: string;
  /** What the checkers found, and how many results.json lists (kindCounts). */
  readonly total: number;
  readonly listed: number;
  /** Groups largest first; empty for kinds that name no single op to trace. */
  readonly groups: readonly CauseGroup[];
}

export interface CauseSummary {
  readonly text: string;
  readonly kinds: readonly KindCause[];
}

export interface CauseInput {
  readonly history: readonly Op[];
  readonly entries: readonly (readonly [string, CheckResult])[];
  readonly faults: readonly FaultInterval[];
}

/** Groups a kind's sentence names before the rest are summed up. */
const GROUPS_NAMED = 2;
/** Kinds that get a sentence; the rest are counted. */
const KINDS_NAMED = 3;

export function summarizeCauses(input: CauseInput): CauseSummary {
  const { entries } = input;
  if (entries.length === 0)
    return {
      text: 'results.json holds no checker results: there is nothing to explain.',
      kinds: [],
    };
  const kinds = collectKinds(input);
  if (kinds.length === 0) return { text: quietRun(input), kinds };
  const sentences = [kindSentence(kinds[0]!, input)];
  // Kinds that trace to the groups already named (one stale replica breaks
  // several guarantees at once) share one short sentence instead of repeating it.
  const named = new Set(kinds[0]!.groups.slice(0, GROUPS_NAMED).map(groupKey));
  const same: string[] = [];
  const other: KindCause[] = [];
  for (const k of kinds.slice(1)) {
    const covered = k.groups.filter((g) => named.has(groupKey(g))).reduce((s, g) => s + g.count, 0);
    if (named.size > 0 && covered * 2 > k.listed)
      same.push(
        `${countText(k)}${covered < k.listed ? ` (${covered} of the ${k.listed} listed)` : ''}`,
      );
    else other.push(k);
  }
  if (same.length)
    sentences.push(
      `The ${same.join(' and ')} trace to the same ${named.size === 1 ? 'node and fault' : 'nodes and faults'}.`,
    );
  for (const k of other.slice(0, KINDS_NAMED - 1)) sentences.push(kindSentence(k, input));
  if (other.length > KINDS_NAMED - 1)
    sentences.push(
      `Also ${other
        .slice(KINDS_NAMED - 1)
        .map(countText)
        .join(', ')}.`,
    );
  if (input.faults.length === 0)
    sentences.push('The history has no nemesis records: no fault was injected.');
  return { text: sentences.join(' '), kinds };
}

const groupKey = (g: CauseGroup) => `${g.node ?? ''}\u0000${g.fault?.startIndex ?? -1}`;

/** "120 stale reads", with "(100 listed)" when results.json lists fewer. */
function countText(k: KindCause): string {
  const listed = k.total > k.listed ? ` (${k.listed.toLocaleString('en-US')} listed)` : '';
  return `${k.total.toLocaleString('en-US')} ${words(k.kind, k.total)}${listed}`;
}

function words(kind: string, n: number): string {
  const k = KINDS[kind];
  if (k) return n === 1 ? k.one : k.many;
  return `${kind} ${n === 1 ? 'anomaly' : 'anomalies'}`;
}

/** Every kind across checkers, each anomaly once (causal repeats read-your-writes' stale reads). */
function collectKinds(input: CauseInput): KindCause[] {
  const byKind = new Map<string, { total: number; anomalies: Map<string, Anomaly> }>();
  for (const [, r] of input.entries) {
    for (const [kind, c] of kindCounts(r)) {
      const k = byKind.get(kind) ?? { total: 0, anomalies: new Map() };
      k.total = Math.max(k.total, c.total);
      byKind.set(kind, k);
    }
    for (const a of r.anomalies ?? [])
      byKind.get(a.kind)!.anomalies.set(`${a.ops.join(',')} ${a.explanation}`, a);
  }
  return [...byKind]
    .map(([kind, k]) => {
      const listed = [...k.anomalies.values()];
      return {
        kind,
        total: Math.max(k.total, listed.length),
        listed: listed.length,
        groups: KINDS[kind] ? groupsOf(kind, listed, input) : [],
      };
    })
    .filter((k) => k.total > 0);
}

/** The witness op to trace: the read that came out wrong, or the write that was lost. */
function culprit(kind: string, a: Anomaly, history: readonly Op[]): Op | undefined {
  const ops = (a.ops ?? []).map((i) => history[i]).filter((o): o is Op => o !== undefined);
  const done = ops.filter((o) => typeof o.process === 'number' && o.type === 'ok');
  return KINDS[kind]!.culprit === 'first' ? done[0] : done[done.length - 1];
}

function groupsOf(kind: string, anomalies: readonly Anomaly[], input: CauseInput): CauseGroup[] {
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

function span(a: number, b: number): string {
  const [x, y] = [(a / 1e9).toFixed(1), (b / 1e9).toFixed(1)];
  return x === y ? `at ${x} s` : `between ${x} and ${y} s`;
}

function kindSentence(k: KindCause, input: CauseInput): string {
  if (k.groups.length === 0) return `${countText(k)}, which name no single node to trace.`;
  // Naming one more group reads better than "the other 1 spread over 1 more pair".
  const shown = k.groups.length === GROUPS_NAMED + 1 ? k.groups : k.groups.slice(0, GROUPS_NAMED);
  let text = `Of ${countText(k)}, ${shown.map((g, i) => groupClause(k.kind, g, input, i === 0)).join(' ')}`;
  const rest = k.groups.slice(shown.length);
  const restCount = rest.reduce((s, g) => s + g.count, 0);
  if (restCount > 0)
    text += ` The other ${restCount} spread over ${rest.length} more node and fault pairs.`;
  const traced = k.groups.reduce((s, g) => s + g.count, 0);
  if (traced < k.listed) text += ` ${k.listed - traced} name no acknowledged op to trace.`;
  return text;
}

function groupClause(kind: string, g: CauseGroup, input: CauseInput, first: boolean): string {
  const n = first ? `${g.count}` : `${g.count} more`;
  const was = g.count === 1 ? 'was' : 'were';
  const when = span(g.firstNs, g.lastNs);
  if (!g.node) {
    const why = g.fault ? `during “${g.fault.words}”` : 'with no fault active';
    return `${n} came ${when}, ${why}; ${g.count === 1 ? 'its completion carries' : 'their completions carry'} no node field, so which node served ${g.count === 1 ? 'it' : 'them'} cannot be told.`;
  }
  const why = g.fault
    ? relationTo(g.fault, g.node, whoWrote(input.history, g.fault.startNs, g.lastNs)).text
    : 'with no fault active';
  const behind = !g.behind
    ? ''
    : g.behind.from === 'monitor'
      ? `; ${g.node} was up to ${g.behind.text} behind (monitor lag samples)`
      : `; ${g.count === 1 ? 'it' : 'they'} missed data acknowledged or seen up to ${g.behind.text} earlier`;
  return `${n} ${was} ${KINDS[kind]!.verb} ${g.node} ${when}, ${why}${behind}.`;
}

/** No anomaly listed: say why the verdict is what it is, without claiming more. */
function quietRun(input: CauseInput): string {
  const { entries, history, faults } = input;
  const ok = history.filter((o) => typeof o.process === 'number' && o.type === 'ok').length;
  const unknown = entries.filter(([, r]) => r.valid === 'unknown').map(([id]) => id);
  const invalid = entries.filter(([, r]) => r.valid === false).map(([id]) => id);
  const parts: string[] = [];
  if (invalid.length)
    parts.push(
      `${invalid.join(', ')} ${invalid.length === 1 ? 'is' : 'are'} INVALID but list no anomaly to trace.`,
    );
  if (unknown.length)
    parts.push(
      `${unknown.join(', ')} could not decide (${verdictWord('unknown')}), so this run proves nothing about ${unknown.length === 1 ? 'that guarantee' : 'those guarantees'}.`,
    );
  if (!invalid.length && !unknown.length)
    parts.push(`No checker found an anomaly in ${fmtCount(ok, 'acknowledged op')}.`);
  if (ok === 0) parts.push('No client op succeeded, so the checkers had nothing to judge.');
  parts.push(
    faults.length
      ? `Faults injected: ${[...new Set(faults.map((f) => f.words))].sort(byNode).slice(0, 4).join('; ')}${faults.length > 4 ? ` and ${faults.length - 4} more` : ''}.`
      : 'The history has no nemesis records: no fault was injected.',
  );
  return parts.join(' ');
}
