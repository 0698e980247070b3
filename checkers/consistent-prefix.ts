// Consistent prefix (Terry et al. 1994; Kleppmann ch. 5): nobody sees the
// answer and then not the question. Writes are ordered by precedence — a
// session's write precedes its own later writes, and a write it has read
// precedes its later writes, transitively. Once a session has observed a
// write w, no read in that op or a later one may return a version of another
// key older than a write that precedes w. A read of siblings observed each of
// them. Needs one writer per key counting up: otherwise, or with no reads or
// no writes to judge, the verdict is unknown with the reason.
import type { Checker, CheckPass, CheckResult } from './checker.ts';
import { isClientOp, type Op } from '../core/history.ts';
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

/** One pass of a precedence checker: per-key precedence logs and one CpSession per process. */
class PrecedencePass implements CheckPass {
  private readonly logs: DepLogs;
  private readonly sessions = new Map<number, CpSession>();
  private readonly stamp = new IntMap(-1);
  private readonly log = new AnomalyLog();
  private readonly complete = sessionPairer((c) => this.onComplete(c));
  private approximated = 0;
  private flushId = 0;
  private readsChecked = 0;
  private writes = 0;
  /** Why versions cannot be ordered (a second writer, a value that went down); checking stops. */
  private unordered: string | null = null;

  constructor(private readonly opts: PrecedenceOptions) {
    this.logs = new DepLogs(opts.windowEntries ?? DEFAULT_WINDOW_ENTRIES);
  }

  step(op: Op): void {
    if (this.unordered !== null) return;
    if (op.type === 'invoke' && isClientOp(op)) this.onInvoke(op);
    if (this.unordered === null) this.complete(op);
  }

  finish(): CheckResult {
    for (const s of this.sessions.values()) this.approximated += s.approximated;
    const stats = {
      readsChecked: this.readsChecked,
      writes: this.writes,
      keys: this.logs.names.length,
      precedenceEntries: this.logs.entries(),
      readsOlderThanWindow: this.approximated,
      anomalies: this.log.count,
    };
    if (this.unordered !== null) {
      const error = `${this.unordered}: ${this.opts.id} needs one writer per key with increasing values to order versions, so it stopped there`;
      return { valid: 'unknown', anomalies: [], stats, error };
    }
    return verdict(this.log, stats, this.windowReason(), this.nothingReason());
  }

  private sessionOf(p: number): CpSession {
    let s = this.sessions.get(p);
    if (s === undefined) this.sessions.set(p, (s = new CpSession(this.logs, this.opts.edges)));
    return s;
  }

  /** Records each invoked write as its key's next version, or stops when the order breaks. */
  private onInvoke(op: Op & { process: number }): void {
    for (const w of invokedWrites(op)) {
      const k = this.logs.id(w.key);
      const kl = this.logs.logs[k]!;
      if (kl.writer !== -1 && kl.writer !== op.process) {
        this.unordered = `op ${op.index}: ${w.key} is written by processes ${kl.writer} and ${op.process}`;
        return;
      }
      if (w.version <= kl.lastVersion) {
        this.unordered = `op ${op.index}: process ${op.process} wrote ${w.version} to ${w.key} after ${kl.lastVersion}`;
        return;
      }
      kl.writer = op.process;
      kl.lastVersion = w.version;
      kl.writeOp.set(w.version, op.index);
      this.sessionOf(op.process).write(k, w.version, op.index, this.stamp, ++this.flushId);
      this.writes++;
    }
  }

  private onComplete(c: Completed): void {
    if (c.done.type === 'ok') {
      for (const w of invokedWrites(c.invoke))
        this.logs.logs[this.logs.id(w.key)]!.writeOp.set(w.version, c.done.index);
    }
    if (c.done.type === 'info' && c.invoke.f !== 'final-read') {
      this.approximated += this.sessions.get(c.process)?.approximated ?? 0;
      this.sessions.delete(c.process);
    }
    this.judgeReads(c);
  }

  /** Every read of the op is observed first, then each is held to what the session requires. */
  private judgeReads(c: Completed): void {
    const reads = readsOf(c);
    if (reads.length === 0) return;
    // A final read is the harness looking at one replica, not a session: judged on its own.
    const s =
      c.invoke.f === 'final-read'
        ? new CpSession(this.logs, this.opts.edges)
        : this.sessionOf(c.process);
    const ids = reads.map((r) => this.logs.id(r.key));
    reads.forEach((r, i) => s.observe(ids[i]!, r.version, c.done.index, c.invoke.time));
    reads.forEach((r, i) => {
      this.readsChecked++;
      const req = s.requirement(ids[i]!);
      if (req === null || r.version >= req.version) return;
      const e = explain(this.logs, c, ids[i]!, r.version, req);
      this.log.add(this.opts.kind, e.ops, e.text);
    });
  }

  private windowReason(): string | null {
    if (this.approximated === 0) return null;
    const entries = this.opts.windowEntries ?? DEFAULT_WINDOW_ENTRIES;
    return `${this.approximated} reads returned versions older than the precedence window (${entries} entries per key), so what precedes them was not fully known; raise windowEntries to check them exactly`;
  }

  private nothingReason(): string | null {
    if (this.readsChecked > 0 && this.writes > 0) return null;
    return `nothing checked: the history has ${this.readsChecked} ok reads and ${this.writes} writes, and ${this.opts.id} needs both`;
  }
}

/** A checker of "no read misses a predecessor of a write its session saw", for one choice of edges. */
export function precedenceChecker(opts: PrecedenceOptions): Checker {
  return { id: opts.id, description: opts.description, start: () => new PrecedencePass(opts) };
}

export const consistentPrefix: Checker = precedenceChecker({
  id: 'consistent-prefix',
  description:
    'once a session has seen a write, it never reads another key older than a write that precedes it',
  kind: 'inconsistent-prefix',
  edges: ALL_EDGES,
});
