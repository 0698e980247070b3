// The report's opening paragraph: why the anomalies happened, read purely off
// the history and results.json. Which node served the anomalous reads (the ok
// completion's `node`), which fault was active then and how it touched that
// node (the nemesis records), and how far behind the node was (the monitor's
// lag samples, else the gap the witness ops themselves show). It says so
// plainly when the history cannot tell. It never re-checks anything.
import type { Anomaly, CheckResult } from '../checkers/checker.ts';
import type { Op } from '../core/history.ts';
import { relationTo, whoWrote } from './cause-relation.ts';
import { groupsOf, KINDS, type CauseGroup } from './cause-trace.ts';
import { byNode } from './fault-words.ts';
import type { FaultInterval } from './faults.ts';
import { fmtCount } from './format.ts';
import { kindCounts, verdictWord } from './types.ts';

export type { CauseGroup } from './cause-trace.ts';

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
