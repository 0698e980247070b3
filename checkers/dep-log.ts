// Per-key logs of write precedence for consistent prefix. A key has one
// writer, so the writes that precede version v of k are the writer's
// dependency frontier when it wrote v, and that frontier only grows. The log
// stores only its changes between consecutive writes (not a copy per write),
// and only a window of them: older entries fold into one base frontier, so
// memory follows keys × window, not history length. A read of a version
// older than the window cannot be checked exactly; the session notes it.
import { IntVec, RecentIntMap } from './int-vec.ts';

/** Why a frontier entry holds: the writer's op, and the write it learned it through. */
export interface Provenance {
  /** The writer's op that established it: a read (it saw `via`) or its own write. */
  readonly src: number;
  /** Key id of the write it read, or -1 for the writer's own write. */
  readonly via: number;
  readonly viaVersion: number;
}

export interface Entry extends Provenance {
  /** From this version of the log's key on... */
  readonly version: number;
  /** ...this key is preceded up to this value. */
  readonly key: number;
  readonly val: number;
}

export const DEFAULT_WINDOW_ENTRIES = 8192;
const RECENT_WRITE_OPS = 1 << 14;

/** Parallel typed arrays of entries; cheaper than an object per entry. */
class Entries {
  readonly ver = new IntVec();
  readonly key = new IntVec();
  readonly val = new IntVec();
  readonly src = new IntVec();
  readonly via = new IntVec();
  readonly viaVer = new IntVec();

  push(e: Entry): void {
    this.add(e.version, e.key, e.val, e.src, e.via, e.viaVersion);
  }

  /** push without an object per entry, for the hot path. */
  add(version: number, key: number, val: number, src: number, via: number, viaVer: number): void {
    this.ver.push(version);
    this.key.push(key);
    this.val.push(val);
    this.src.push(src);
    this.via.push(via);
    this.viaVer.push(viaVer);
  }

  at(i: number): Entry {
    return {
      version: this.ver.get(i),
      key: this.key.get(i),
      val: this.val.get(i),
      src: this.src.get(i),
      via: this.via.get(i),
      viaVersion: this.viaVer.get(i),
    };
  }

  get length(): number {
    return this.ver.length;
  }

  dropPrefix(n: number): void {
    for (const v of [this.ver, this.key, this.val, this.src, this.via, this.viaVer])
      v.dropPrefix(n);
  }
}

export class KeyLog {
  /** The window, in version order; entry i here is absolute position `folded + i`. */
  readonly window = new Entries();
  /** Everything folded out of the window, one entry per key (its largest), at `baseVersion`. */
  readonly base = new Entries();
  folded = 0;
  baseVersion = 0;
  /** History index of the op that wrote each recent version (its completion once seen). */
  readonly writeOp = new RecentIntMap(RECENT_WRITE_OPS);
  writer = -1;
  lastVersion = 0;

  constructor(private readonly windowEntries: number) {}

  /** One past the last absolute position. */
  get end(): number {
    return this.folded + this.window.length;
  }

  append(
    version: number,
    key: number,
    val: number,
    src: number,
    via: number,
    viaVer: number,
  ): void {
    this.window.add(version, key, val, src, via, viaVer);
    if (this.window.length >= 2 * this.windowEntries) this.fold();
  }

  /** Folds the older half of the window (whole versions only) into the base. */
  private fold(): void {
    let cut = this.window.length >>> 1;
    const cutVersion = this.window.ver.get(cut - 1);
    while (cut < this.window.length && this.window.ver.get(cut) === cutVersion) cut++;
    const best = new Map<number, Entry>();
    for (let i = 0; i < this.base.length; i++) best.set(this.base.key.get(i), this.base.at(i));
    for (let i = 0; i < cut; i++) {
      const k = this.window.key.get(i);
      if ((best.get(k)?.val ?? -1) < this.window.val.get(i)) best.set(k, this.window.at(i));
    }
    this.base.dropPrefix(this.base.length);
    for (const e of best.values()) this.base.push({ ...e, version: cutVersion });
    this.baseVersion = cutVersion;
    this.window.dropPrefix(cut);
    this.folded += cut;
  }

  /**
   * An entry at or below `maxVersion` saying `key` is preceded up to
   * `atLeast`: one the writer got by reading `key` itself if any (the
   * shortest witness), else the earliest. Null when there is none.
   */
  find(key: number, atLeast: number, maxVersion: number): Entry | null {
    let first: Entry | null = null;
    const consider = (e: Entry): boolean => {
      first ??= e;
      return e.via === key || e.via === -1;
    };
    if (this.baseVersion > 0 && this.baseVersion <= maxVersion) {
      for (let i = 0; i < this.base.length; i++) {
        const hit = this.base.key.get(i) === key && this.base.val.get(i) >= atLeast;
        if (hit && consider(this.base.at(i))) return this.base.at(i);
      }
    }
    const w = this.window;
    for (let i = 0; i < w.length && w.ver.get(i) <= maxVersion; i++) {
      if (w.key.get(i) === key && w.val.get(i) >= atLeast && consider(w.at(i))) return w.at(i);
    }
    return first;
  }
}

/** Key names interned to dense ids, each with its log. */
export class DepLogs {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  readonly logs: KeyLog[] = [];

  constructor(private readonly windowEntries = DEFAULT_WINDOW_ENTRIES) {}

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.logs.push(new KeyLog(this.windowEntries));
    }
    return id;
  }

  /** Entries held now (window and base), for stats. */
  entries(): number {
    let n = 0;
    for (const l of this.logs) n += l.window.length + l.base.length;
    return n;
  }
}
