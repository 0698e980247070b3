// Convergence: after the faults heal and the cluster quiesces, every replica
// holds the same value for every key. The evidence is the final reads, one
// per node, each of every key; they must agree key by key.
import type { Checker, CheckPass } from './checker.ts';
import { AnomalyLog, pairer, readsOf, secs } from './kv-session.ts';

interface FinalRead {
  readonly node: string;
  readonly index: number;
  readonly timeNs: number;
  readonly values: Map<string, unknown>;
}

function show(v: unknown): string {
  return v === null ? 'nothing' : JSON.stringify(v);
}

function start(): CheckPass {
  const finals: FinalRead[] = [];
  const unanswered: number[] = [];
  const step = pairer((c) => {
    if (c.invoke.f !== 'final-read') return;
    if (c.done.type !== 'ok') {
      unanswered.push(c.done.index);
      return;
    }
    const values = new Map<string, unknown>();
    for (const r of readsOf(c)) values.set(r.key, r.version === 0 ? null : r.version);
    const node = c.done.node ?? c.invoke.node ?? `process ${c.process}`;
    finals.push({ node, index: c.done.index, timeNs: c.invoke.time, values });
  });

  const finish = () => {
    const log = new AnomalyLog();
    const keys = new Set<string>();
    for (const f of finals) for (const k of f.values.keys()) keys.add(k);
    for (const key of [...keys].sort()) {
      const seen = finals.filter((f) => f.values.has(key));
      const distinct = new Set(seen.map((f) => JSON.stringify(f.values.get(key))));
      if (distinct.size <= 1) continue;
      const parts = seen.map(
        (f) =>
          `${f.node} (op ${f.index}, at ${secs(f.timeNs)}) returned ${show(f.values.get(key))}`,
      );
      log.add(
        'divergent-replicas',
        seen.map((f) => f.index),
        `after the faults healed, the final reads disagree on ${key}: ${parts.join(', ')}`,
      );
    }
    const stats = {
      finalReads: finals.length,
      nodes: new Set(finals.map((f) => f.node)).size,
      keysCompared: keys.size,
      divergentKeys: log.count,
      finalReadsUnanswered: unanswered.length,
    };
    if (log.count > 0) return { valid: false, anomalies: log.kept, stats };
    if (finals.length === 0)
      return {
        valid: 'unknown' as const,
        anomalies: [],
        stats,
        error: 'no final-read ops answered: nothing to compare',
      };
    if (unanswered.length > 0) {
      return {
        valid: 'unknown' as const,
        anomalies: [],
        stats,
        error: `final reads ${unanswered.join(', ')} got no answer, so those replicas could not be compared`,
      };
    }
    return { valid: true, anomalies: [], stats };
  };
  return { step, finish };
}

export const convergence: Checker = {
  id: 'convergence',
  description: 'after the faults heal, every replica returns the same value for every key',
  start,
};
