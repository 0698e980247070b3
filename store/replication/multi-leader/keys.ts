// The keys a multi-leader node holds under its conflict policy: what a change
// does to them, what a read sees, and the change a local write makes (its
// vector covers what it supersedes, plus its own new sequence number).
import type { Sibling, Value } from '../../protocol.ts';
import {
  absorb,
  applyDelta,
  elements,
  emptySet,
  tagsOf,
  uniqueSorted,
  versionOf,
  type OrSet,
} from './conflicts.ts';
import type { Change, RegisterVersion, SetDelta } from './messages.ts';
import { droppedByTimestamp, type BugName } from './bugs.ts';
import type { ConflictPolicy } from './options.ts';
import { mergeVV, sortedVV, type VersionVector } from './version-vector.ts';

/** A write's options: a set operation, and the versions it supersedes (a read's version). */
export interface WriteOptions {
  readonly op?: 'add' | 'remove';
  readonly context?: VersionVector;
}

export interface KeyRead {
  readonly value: Value;
  readonly version: Value;
  readonly siblings?: readonly Sibling[];
}

/** What a local write becomes: its change (without origin, seq and via), or why not. */
export type Prepared =
  | { readonly ok: true; readonly put?: RegisterVersion; readonly set?: SetDelta }
  | { readonly ok: false; readonly message: string };

export interface Taking {
  readonly self: string;
  readonly seq: number;
  readonly tsMs: number;
}

export class Keys {
  private readonly registers = new Map<string, RegisterVersion[]>();
  private readonly sets = new Map<string, { set: OrSet; vv: VersionVector }>();

  constructor(
    private readonly policy: ConflictPolicy,
    /** A deliberate bug (bugs.ts) and the node it runs on; null in every real run. */
    private readonly bug: { readonly name: BugName; readonly self: string } | null = null,
  ) {}

  apply(c: Change): void {
    if (c.put && this.policy !== 'merge') {
      const held = this.registers.get(c.key) ?? [];
      const dropped =
        this.bug?.name === 'causality-by-timestamp' &&
        this.policy !== 'lww' &&
        droppedByTimestamp(this.bug.self, held, c.put);
      if (!dropped) this.registers.set(c.key, absorb(this.policy, held, c.put));
    }
    if (c.set) {
      const s = this.sets.get(c.key) ?? { set: emptySet(), vv: {} };
      applyDelta(s.set, c.set);
      s.vv = mergeVV(s.vv, { [c.origin]: c.seq });
      this.sets.set(c.key, s);
    }
  }

  read(key: string): KeyRead {
    if (this.policy === 'merge') {
      const s = this.sets.get(key);
      return s ? { value: elements(s.set), version: { vv: s.vv } } : { value: null, version: null };
    }
    const versions = this.registers.get(key) ?? [];
    const [only] = versions;
    if (versions.length <= 1)
      return { value: only?.value ?? null, version: only ? versionOf(versions) : null };
    return {
      value: null,
      version: versionOf(versions),
      siblings: versions.map((v) => ({ value: v.value, version: { vv: v.vv } })),
    };
  }

  /** The change a write taken here makes, from this node's view of the key. */
  prepare(key: string, value: Value, o: WriteOptions, t: Taking): Prepared {
    if (this.policy === 'merge') return this.prepareSet(key, value, o, t);
    const versions = this.registers.get(key) ?? [];
    let next = value;
    if (o.op) {
      const current = versions.map((v) => v.value);
      if (!current.every(Array.isArray))
        return { ok: false, message: `"op": "${o.op}" needs a set (an array) under "${key}"` };
      const all = uniqueSorted((current as Value[][]).flat());
      const text = JSON.stringify(value);
      next =
        o.op === 'add'
          ? uniqueSorted([...all, value])
          : all.filter((v) => JSON.stringify(v) !== text);
    }
    const seen = o.context ?? mergeVV(...versions.map((v) => v.vv));
    const vv = sortedVV({ ...seen, [t.self]: t.seq });
    return { ok: true, put: { value: next, vv, ts: t.tsMs, node: t.self } };
  }

  private prepareSet(key: string, value: Value, o: WriteOptions, t: Taking): Prepared {
    const s = this.sets.get(key)?.set ?? emptySet();
    const tag = (i: number) => `${t.self}:${t.seq}:${i}`;
    if (o.op === 'add') return { ok: true, set: { add: [[tag(0), value]], remove: [] } };
    if (o.op === 'remove') return { ok: true, set: { add: [], remove: tagsOf(s, value) } };
    if (!Array.isArray(value))
      return {
        ok: false,
        message: `--conflicts merge keeps sets: write an array, or {"op": "add" | "remove"} with one element`,
      };
    const add = uniqueSorted(value).map((v, i) => [tag(i), v] as const);
    return { ok: true, set: { add, remove: tagsOf(s, undefined) } };
  }
}
