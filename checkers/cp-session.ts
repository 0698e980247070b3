// One session's state for consistent prefix: its frontier F (the writes that
// precede its next write), its requirement R (versions of each key it may no
// longer read below, because it observed a write on another key that they
// precede), and how far it has merged each key's precedence log.
import type { DepLogs } from './dep-log.ts';
import { IntMap, IntVec } from './int-vec.ts';

/** Where a requirement came from: the read that observed `key`=`version`. */
export interface Requirement {
  readonly version: number;
  readonly readOp: number;
  readonly key: number;
  readonly keyVersion: number;
  readonly timeNs: number;
}

/**
 * Which edges order writes. Consistent prefix (and causal) take all three;
 * monotonic writes only session order; writes-follow-reads only a read
 * followed by a write of the same session, one hop.
 */
export interface Edges {
  /** A session's write precedes its own later writes. */
  readonly sessionOrder: boolean;
  /** A write a session read precedes the session's later writes. */
  readonly readsFrom: boolean;
  /** ...and so do the writes that precede the one it read. */
  readonly transitive: boolean;
}

export const ALL_EDGES: Edges = { sessionOrder: true, readsFrom: true, transitive: true };

export class CpSession {
  private readonly frontier = new IntMap(0);
  /** Per key, the frontier value last reached by reading that key itself. */
  private readonly directAt = new IntMap(0);
  private readonly required = new IntMap(0);
  private readonly reqOp = new IntMap(-1);
  private readonly reqKey = new IntMap(-1);
  private readonly reqKeyVersion = new IntMap(0);
  private readonly reqTimeNs: number[] = [];
  /** Per key, how many log entries are merged; entries are in version order. */
  private readonly merged = new IntMap(0);
  private readonly observed = new IntMap(0);
  // Frontier changes since each written key's last write, flushed into its log then.
  private readonly jKey = new IntVec();
  private readonly jVal = new IntVec();
  private readonly jSrc = new IntVec();
  private readonly jVia = new IntVec();
  private readonly jViaVer = new IntVec();
  private readonly flushedTo = new Map<number, number>();

  constructor(
    private readonly logs: DepLogs,
    private readonly edges: Edges = ALL_EDGES,
  ) {}

  private raise(key: number, val: number, src: number, via: number, viaVer: number): void {
    const cur = this.frontier.get(key);
    // A direct read of what was known only through others is worth recording: shorter witnesses.
    const direct = via === key;
    if (cur > val || (cur === val && (!direct || this.directAt.get(key) === val))) return;
    if (direct) this.directAt.set(key, val);
    this.frontier.set(key, val);
    this.jKey.push(key);
    this.jVal.push(val);
    this.jSrc.push(src);
    this.jVia.push(via);
    this.jViaVer.push(viaVer);
    // A session that reads much and writes little would grow its journal with
    // history; only the newest change per key matters for its next write.
    const onlyFromStart = [...this.flushedTo.values()].every((pos) => pos === 0);
    if (this.jKey.length > 4 * (this.logs.names.length + 16) && onlyFromStart)
      this.compactJournal();
  }

  private compactJournal(): void {
    const seen = new Set<number>();
    const keep: number[] = [];
    for (let i = this.jKey.length - 1; i >= 0; i--) {
      if (seen.has(this.jKey.get(i))) continue;
      seen.add(this.jKey.get(i));
      keep.push(i);
    }
    keep.reverse();
    const cols = [this.jKey, this.jVal, this.jSrc, this.jVia, this.jViaVer];
    const rows = keep.map((i) => cols.map((c) => c.get(i)));
    for (const c of cols) c.clear();
    for (const r of rows) cols.forEach((c, j) => c.push(r[j]!));
  }

  /** Reads whose version was older than its key's precedence window: checked only in part. */
  approximated = 0;

  /** The session read `key`=`version` in op `readOp`: it now knows that write and all before it. */
  observe(key: number, version: number, readOp: number, timeNs: number): void {
    if (version <= this.observed.get(key)) return;
    this.observed.set(key, version);
    const log = this.logs.logs[key]!;
    let i = this.merged.get(key);
    if (i < log.folded) {
      if (version < log.baseVersion) {
        // Its exact predecessors were folded away; what the base holds may be more.
        this.approximated++;
        if (this.edges.readsFrom) this.raise(key, version, readOp, key, version);
        return;
      }
      const b = log.base;
      for (let j = 0; j < b.length; j++)
        this.merge(key, version, b.key.get(j), b.val.get(j), readOp, timeNs);
      i = log.folded;
    }
    const w = log.window;
    for (; i < log.end && w.ver.get(i - log.folded) <= version; i++) {
      const at = i - log.folded;
      this.merge(key, version, w.key.get(at), w.val.get(at), readOp, timeNs);
    }
    this.merged.set(key, i);
    if (this.edges.readsFrom) this.raise(key, version, readOp, key, version);
  }

  /** Takes in that `k` is preceded up to `v` by the write of `key` this session observed. */
  private merge(
    key: number,
    version: number,
    k: number,
    v: number,
    readOp: number,
    timeNs: number,
  ): void {
    if (this.edges.transitive) this.raise(k, v, readOp, key, version);
    if (k === key || v <= this.required.get(k)) return;
    this.required.set(k, v);
    this.reqOp.set(k, readOp);
    this.reqKey.set(k, key);
    this.reqKeyVersion.set(k, version);
    this.reqTimeNs[k] = timeNs;
  }

  /** The version of `key` this session may not read below, with its cause, or null. */
  requirement(key: number): Requirement | null {
    const version = this.required.get(key);
    if (version === 0) return null;
    return {
      version,
      readOp: this.reqOp.get(key),
      key: this.reqKey.get(key),
      keyVersion: this.reqKeyVersion.get(key),
      timeNs: this.reqTimeNs[key] ?? 0,
    };
  }

  /** The session invoked a write of `key`=`version` in op `writeOp`. */
  write(key: number, version: number, writeOp: number, stamp: IntMap, flushId: number): void {
    const log = this.logs.logs[key]!;
    const from = this.flushedTo.get(key) ?? 0;
    // Newest first, so the first change seen per key is its largest; older ones add nothing.
    for (let i = this.jKey.length - 1; i >= from; i--) {
      const k = this.jKey.get(i);
      if (stamp.get(k) === flushId) continue;
      stamp.set(k, flushId);
      log.append(
        version,
        k,
        this.jVal.get(i),
        this.jSrc.get(i),
        this.jVia.get(i),
        this.jViaVer.get(i),
      );
    }
    const single =
      this.flushedTo.size === 0 || (this.flushedTo.size === 1 && this.flushedTo.has(key));
    if (single)
      for (const v of [this.jKey, this.jVal, this.jSrc, this.jVia, this.jViaVer]) v.clear();
    // The write itself precedes this session's later writes, so it goes in after the flush.
    this.flushedTo.set(key, this.jKey.length);
    if (this.edges.sessionOrder) this.raise(key, version, writeOp, -1, 0);
  }
}
