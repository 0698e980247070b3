// Consistent prefix (Terry et al. 1994; Kleppmann ch. 5): nobody sees the
// answer and then not the question. Writes are ordered by precedence — a
// session's write precedes its own later writes, and a write it has read
// precedes its later writes, transitively. Once a session has observed a
// write w, no read in that op or a later one may return a version of another
// key older than a write that precedes w. A read of siblings observed each of
// them. Needs one writer per key counting up: otherwise, or with no reads or
// no writes to judge, the verdict is unknown with the reason.
import type { Checker, CheckPass } from './checker.ts';
import type { Op } from '../core/history.ts';
import { ALL_EDGES, CpSession, type Edges, type Requirement } from './cp-session.ts';
import { DEFAULT_WINDOW_ENTRIES, DepLogs } from './dep-log.ts';
import { IntMap } from './int-vec.ts';
import {
  AnomalyLog,
  invokedWrites,
  sessionPairer,
  readsOf,
  secs,
  shown,
  verdict,
  type Completed,
} from './kv-session.ts';

/** The ops proving that `pred`@`atLeast` precedes `key`@`version`, and the writes in between. */
export function precedenceChain(
  logs: DepLogs,
  pred: number,
  atLeast: number,
  key: number,
  version: number,
): { ops: number[]; via: string[] } {
  const ops: number[] = [];
  const via: string[] = [];
  let k = key;
  let v = version;
  // Each step walks to an older write, so the chain ends; the bound guards corrupt logs.
  for (let guard = 0; guard < logs.names.length + 1; guard++) {
    const log = logs.logs[k]!;
    const e = log.find(pred, atLeast, v);
    if (e === null) break;
    const writeOp = log.writeOp.get(e.version);
    if (writeOp >= 0) ops.push(writeOp);
    // An own write is named by its completion, which arrived after the entry was made.
    const own = e.via === -1 ? logs.logs[pred]!.writeOp.get(e.val) : -1;
    ops.push(own >= 0 ? own : e.src);
    if (e.via === -1 || e.via === pred) break;
    k = e.via;
    v = e.viaVersion;
    via.push(`${logs.names[k]}=${v}`);
  }
  return { ops, via: via.reverse() };
}

function explain(
  logs: DepLogs,
  c: Completed,
  key: number,
  got: number,
  req: Requirement,
): { ops: number[]; text: string } {
  const name = logs.names[key]!;
  const seen = `${logs.names[req.key]}=${req.keyVersion}`;
  const chain = precedenceChain(logs, key, req.version, req.key, req.keyVersion);
  const through = chain.via.length > 0 ? ` via ${chain.via.join(', ')}` : '';
  const proof = `${name}=${req.version} precedes ${seen}${through} (ops ${[...new Set(chain.ops)].sort((a, b) => a - b).join(', ')})`;
  const ops = [...chain.ops, req.readOp, c.done.index];
  const text =
    req.readOp === c.done.index
      ? `process ${c.process} read at ${secs(c.invoke.time)} (op ${c.done.index}) ${seen} and ${name}=${shown(got)} together, but ${proof}, so that read mixes a write with a missing predecessor`
      : `process ${c.process} read ${seen} at ${secs(req.timeNs)} (op ${req.readOp}), where ${proof}, then read ${name} at ${secs(c.invoke.time)} (op ${c.done.index}) and got ${shown(got)}, older than ${req.version}`;
  return { ops, text };
}

export interface PrecedenceOptions {
  readonly id: string;
  readonly description: string;
  readonly kind: string;
  readonly edges: Edges;
  /** Precedence entries kept per key before older ones fold into a base (memory bound). */
  readonly windowEntries?: number;
}

function start(opts: PrecedenceOptions): CheckPass {
  const logs = new DepLogs(opts.windowEntries ?? DEFAULT_WINDOW_ENTRIES);
  let approximated = 0;
  const sessions = new Map<number, CpSession>();
  const stamp = new IntMap(-1);
  const log = new AnomalyLog();
  let flushId = 0;
  let readsChecked = 0;
  let writes = 0;
  /** Why versions cannot be ordered (a second writer, a value that went down); checking stops. */
  let unordered: string | null = null;

  const sessionOf = (p: number): CpSession => {
    let s = sessions.get(p);
    if (s === undefined) sessions.set(p, (s = new CpSession(logs, opts.edges)));
    return s;
  };

  const onInvoke = (op: Op & { process: number }): void => {
    for (const w of invokedWrites(op)) {
      const k = logs.id(w.key);
      const kl = logs.logs[k]!;
      if (kl.writer !== -1 && kl.writer !== op.process) {
        unordered = `op ${op.index}: ${w.key} is written by processes ${kl.writer} and ${op.process}`;
        return;
      }
      if (w.version <= kl.lastVersion) {
        unordered = `op ${op.index}: process ${op.process} wrote ${w.version} to ${w.key} after ${kl.lastVersion}`;
        return;
      }
      kl.writer = op.process;
      kl.lastVersion = w.version;
      kl.writeOp.set(w.version, op.index);
      sessionOf(op.process).write(k, w.version, op.index, stamp, ++flushId);
      writes++;
    }
  };

  const onComplete = (c: Completed): void => {
    if (c.done.type === 'ok') {
      for (const w of invokedWrites(c.invoke))
        logs.logs[logs.id(w.key)]!.writeOp.set(w.version, c.done.index);
    }
    if (c.done.type === 'info' && c.invoke.f !== 'final-read') {
      approximated += sessions.get(c.process)?.approximated ?? 0;
      sessions.delete(c.process);
    }
    const reads = readsOf(c);
    if (reads.length === 0) return;
    // A final read is the harness looking at one replica, not a session: judged on its own.
    const s = c.invoke.f === 'final-read' ? new CpSession(logs, opts.edges) : sessionOf(c.process);
    const ids = reads.map((r) => logs.id(r.key));
    reads.forEach((r, i) => s.observe(ids[i]!, r.version, c.done.index, c.invoke.time));
    reads.forEach((r, i) => {
      readsChecked++;
      const req = s.requirement(ids[i]!);
      if (req === null || r.version >= req.version) return;
      const e = explain(logs, c, ids[i]!, r.version, req);
      log.add(opts.kind, e.ops, e.text);
    });
  };

  const complete = sessionPairer(onComplete);
  return {
    step(op) {
      if (unordered !== null) return;
      if (op.type === 'invoke' && typeof op.process === 'number')
        onInvoke(op as Op & { process: number });
      if (unordered === null) complete(op);
    },
    finish() {
      for (const s of sessions.values()) approximated += s.approximated;
      const stats = {
        readsChecked,
        writes,
        keys: logs.names.length,
        precedenceEntries: logs.entries(),
        readsOlderThanWindow: approximated,
        anomalies: log.count,
      };
      if (unordered !== null) {
        const error = `${unordered}: ${opts.id} needs one writer per key with increasing values to order versions, so it stopped there`;
        return { valid: 'unknown' as const, anomalies: [], stats, error };
      }
      const window =
        approximated > 0
          ? `${approximated} reads returned versions older than the precedence window (${opts.windowEntries ?? DEFAULT_WINDOW_ENTRIES} entries per key), so what precedes them was not fully known; raise windowEntries to check them exactly`
          : null;
      const nothing =
        readsChecked === 0 || writes === 0
          ? `nothing checked: the history has ${readsChecked} ok reads and ${writes} writes, and ${opts.id} needs both`
          : null;
      return verdict(log, stats, window, nothing);
    },
  };
}

/** A checker of "no read misses a predecessor of a write its session saw", for one choice of edges. */
export function precedenceChecker(opts: PrecedenceOptions): Checker {
  return { id: opts.id, description: opts.description, start: () => start(opts) };
}

export const consistentPrefix: Checker = precedenceChecker({
  id: 'consistent-prefix',
  description:
    'once a session has seen a write, it never reads another key older than a write that precedes it',
  kind: 'inconsistent-prefix',
  edges: ALL_EDGES,
});
