// Convergence: after the faults heal and the cluster quiesces, every replica
// holds the same value for every key. The evidence is the final reads, one
// per node, each of every key; they must agree key by key. Versions are
// compared first; where every replica has the same version, the stored values
// (a final read's optional "stored" field) must match too, since a
// statement-based log can apply one write differently on each replica. A
// final read of siblings holds the set of them (in any order). Final reads
// from fewer than two nodes compare nothing: unknown.
import type { Checker, CheckPass, CheckResult } from './checker.ts';
import {
  AnomalyLog,
  pairer,
  readsOf,
  secs,
  verdict,
  writesOf,
  type Completed,
} from './kv-session.ts';

interface FinalRead {
  readonly node: string;
  readonly index: number;
  readonly timeNs: number;
  readonly values: Map<string, unknown>;
  /** Key → the value as the node stored it, when the completion carried one. */
  readonly stored: Readonly<Record<string, unknown>>;
}

/** JSON with object keys sorted, so two equal values always print the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** "n1", "n1 and n2", "n1, n2 and n3". */
function andList(xs: readonly string[]): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)!}`;
}

const byNode = (a: FinalRead, b: FinalRead) =>
  a.node.localeCompare(b.node, 'en', { numeric: true }) || a.index - b.index;

/**
 * Replicas at one version grouped by stored value; nodes in id order (n2
 * before n10), so the sentence does not depend on which final read finished first.
 */
function storedGroups(seen: readonly FinalRead[], key: string): Map<string, FinalRead[]> {
  const groups = new Map<string, FinalRead[]>();
  for (const f of [...seen].sort(byNode)) {
    if (!(key in f.stored)) continue;
    const c = canonical(f.stored[key]);
    groups.set(c, [...(groups.get(c) ?? []), f]);
  }
  return groups;
}

function explainStored(key: string, version: unknown, groups: Map<string, FinalRead[]>): string {
  const all = [...groups.values()].flat();
  const nodes = andList([...new Set(all.map((f) => f.node))]);
  const parts = [...groups.entries()].map(
    ([c, fs]) => `${andList(fs.map((f) => `${f.node} (op ${f.index})`))} ${c}`,
  );
  return `${nodes} hold different values for ${key} at version ${show(version)}: ${parts.join('; ')} — the same write was applied differently per replica (a statement re-evaluated on each)`;
}

function show(v: unknown): string {
  return v === null ? 'nothing' : JSON.stringify(v);
}

/** A final read's values per key: a version, null for absent, or the sorted set of siblings. */
function finalReadOf(c: Completed): FinalRead {
  const values = new Map<string, unknown>();
  for (const r of readsOf(c)) {
    const held =
      r.siblings === null ? r.version : { siblings: [...r.siblings].sort((a, b) => a - b) };
    values.set(r.key, held === 0 ? null : held);
  }
  const node = c.done.node ?? c.invoke.node ?? `process ${c.process}`;
  const stored = c.done.stored ?? {};
  return { node, index: c.done.index, timeNs: c.invoke.time, values, stored };
}

/** Logs an anomaly when the replicas that read `key` disagree on its version or stored value. */
function judgeKey(key: string, seen: readonly FinalRead[], log: AnomalyLog): void {
  const distinct = new Set(seen.map((f) => JSON.stringify(f.values.get(key))));
  if (distinct.size === 0) return;
  if (distinct.size === 1) {
    const groups = storedGroups(seen, key);
    if (groups.size <= 1) return;
    const witnesses = [...groups.values()].flat();
    log.add(
      'divergent-values',
      witnesses.map((f) => f.index),
      explainStored(key, seen[0]!.values.get(key), groups),
    );
    return;
  }
  const parts = seen.map(
    (f) => `${f.node} (op ${f.index}, at ${secs(f.timeNs)}) returned ${show(f.values.get(key))}`,
  );
  log.add(
    'divergent-replicas',
    seen.map((f) => f.index),
    `after the faults healed, the final reads disagree on ${key}: ${parts.join(', ')}`,
  );
}

/** Compares the final reads key by key; a key read on one node only is not compared. */
function judgeFinals(finals: readonly FinalRead[], unanswered: readonly number[]): CheckResult {
  const log = new AnomalyLog();
  const keys = new Set<string>();
  for (const f of finals) for (const k of f.values.keys()) keys.add(k);
  const oneNode: string[] = [];
  for (const key of [...keys].sort()) {
    const seen = finals.filter((f) => f.values.has(key));
    if (new Set(seen.map((f) => f.node)).size < 2) oneNode.push(key);
    else judgeKey(key, seen, log);
  }
  const stats = {
    finalReads: finals.length,
    nodes: new Set(finals.map((f) => f.node)).size,
    keysCompared: keys.size - oneNode.length,
    keysOnOneNode: oneNode.length,
    divergentKeys: log.count,
    finalReadsUnanswered: unanswered.length,
  };
  return verdict(
    log,
    stats,
    finals.length === 0
      ? 'nothing checked: no final-read ops answered, so nothing to compare'
      : null,
    unanswered.length > 0
      ? `final reads ${unanswered.join(', ')} got no answer, so those replicas could not be compared`
      : null,
    stats.nodes < 2
      ? `nothing checked: final reads came from ${stats.nodes} node, so no replicas to compare`
      : null,
    oneNode.length > 0
      ? `${oneNode.length} key(s) were read by the final reads of one node only (${oneNode.slice(0, 3).join(', ')}${oneNode.length > 3 ? ', ...' : ''}), so their replicas were not compared`
      : null,
  );
}

function start(): CheckPass {
  const finals: FinalRead[] = [];
  const unanswered: number[] = [];
  const step = pairer((c) => {
    // Only final reads are compared, but every op must be one a kv checker reads.
    writesOf(c);
    if (c.invoke.f !== 'final-read') readsOf(c);
    else if (c.done.type !== 'ok') unanswered.push(c.done.index);
    else finals.push(finalReadOf(c));
  });
  return { step, finish: () => judgeFinals(finals, unanswered) };
}

export const convergence: Checker = {
  id: 'convergence',
  description: 'after the faults heal, every replica returns the same value for every key',
  start,
};
