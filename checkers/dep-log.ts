// Per-key logs of write precedence for consistent prefix. A key has one
// writer, so the writes that precede version v of k are the writer's
// dependency frontier when it wrote v, and that frontier only grows. Storing
// only its changes between consecutive writes (not a copy per write) keeps
// memory proportional to how often frontiers move, not writes × keys.
import { IntMap, IntVec } from './int-vec.ts';

/** Why a frontier entry holds: the writer's op, and the write it learned it through. */
export interface Provenance {
  /** The writer's op that established it: a read (it saw `via`) or its own write. */
  readonly src: number;
  /** Key id of the write it read, or -1 for the writer's own write. */
  readonly via: number;
  readonly viaVersion: number;
}

/** Entries of one key: "from version `ver` on, key `key` is preceded up to version `val`". */
export class KeyLog {
  readonly ver = new IntVec();
  readonly key = new IntVec();
  readonly val = new IntVec();
  readonly src = new IntVec();
  readonly via = new IntVec();
  readonly viaVer = new IntVec();
  /** History index of the op that wrote each version (its completion once seen). */
  readonly writeOp = new IntMap(-1);
  writer = -1;
  lastVersion = 0;

  append(version: number, key: number, val: number, p: Provenance): void {
    this.ver.push(version);
    this.key.push(key);
    this.val.push(val);
    this.src.push(p.src);
    this.via.push(p.via);
    this.viaVer.push(p.viaVersion);
  }

  get length(): number {
    return this.ver.length;
  }

  /** The earliest entry at or below `maxVersion` saying `key` is preceded up to `atLeast`, or -1. */
  find(key: number, atLeast: number, maxVersion: number): number {
    for (let i = 0; i < this.length && this.ver.get(i) <= maxVersion; i++) {
      if (this.key.get(i) === key && this.val.get(i) >= atLeast) return i;
    }
    return -1;
  }
}

/** Key names interned to dense ids, each with its log. */
export class DepLogs {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  readonly logs: KeyLog[] = [];

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.logs.push(new KeyLog());
    }
    return id;
  }

  entries(): number {
    let n = 0;
    for (const l of this.logs) n += l.length;
    return n;
  }
}
