// What one node holds: the keys it is a home replica of (with a Merkle
// forest over them) and the hints it keeps for other nodes under a sloppy
// quorum. Every change is persisted before it is acknowledged; start()
// replays the records.
import type { Record_ } from './messages.ts';
import { MerkleForest } from './merkle.ts';
import { digest, holds, merge, type Conflicts, type Siblings } from './siblings.ts';

export class LocalStore {
  readonly data = new Map<string, Siblings>();
  /** home node -> key -> siblings held for it. */
  readonly hints = new Map<string, Map<string, Siblings>>();
  readonly merkle = new MerkleForest();

  constructor(
    private readonly conflicts: Conflicts,
    private readonly persist: (r: Record_) => void,
    /** Called after anything held here changed. */
    private readonly onChange: () => void = () => {},
    /** The node whose counter merges skip (version-vector-ignores-node, bugs.ts); null in real runs. */
    private readonly blind: string | null = null,
  ) {}

  replay(r: Record_): void {
    if (r.t === 'key') this.set(r.key, r.sibs);
    else if (r.t === 'hint') this.setHint(r.home, r.key, r.sibs);
  }

  get(key: string): Siblings {
    return this.data.get(key) ?? [];
  }

  /** Merges incoming siblings; true when that changed what this node holds. */
  put(key: string, sibs: Siblings): boolean {
    const have = this.get(key);
    if (holds(have, sibs, this.conflicts, this.blind)) return false;
    const next = merge(have, sibs, this.conflicts, this.blind);
    this.persist({ t: 'key', key, sibs: next });
    this.set(key, next);
    return true;
  }

  hint(home: string, key: string, sibs: Siblings): void {
    const have = this.hints.get(home)?.get(key) ?? [];
    if (holds(have, sibs, this.conflicts, this.blind) && have.length > 0) return;
    const next = merge(have, sibs, this.conflicts, this.blind);
    this.persist({ t: 'hint', home, key, sibs: next });
    this.setHint(home, key, next);
  }

  /** A hint handed off: dropped unless it changed since it was sent. */
  handedOff(home: string, key: string, sent: Siblings): void {
    const have = this.hints.get(home)?.get(key);
    if (have === undefined || digest(have) !== digest(sent)) return;
    this.persist({ t: 'hint', home, key, sibs: [] });
    this.setHint(home, key, []);
  }

  pendingHints(): number {
    let n = 0;
    for (const m of this.hints.values()) n += m.size;
    return n;
  }

  private set(key: string, sibs: Siblings): void {
    this.data.set(key, sibs);
    this.merkle.update(key, digest(sibs));
    this.onChange();
  }

  private setHint(home: string, key: string, sibs: Siblings): void {
    let m = this.hints.get(home);
    if (m === undefined) this.hints.set(home, (m = new Map()));
    if (sibs.length === 0) m.delete(key);
    else m.set(key, sibs);
    if (m.size === 0) this.hints.delete(home);
    this.onChange();
  }
}
