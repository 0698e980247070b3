// Anti-entropy: every interval a node compares its Merkle trees with one
// peer, in turn, over the partitions both are home replicas of: roots first,
// then the leaf hashes of partitions whose roots differ, then the keys of the
// leaves that differ go both ways and each side merges. Keys nobody reads
// converge this way. `inSync` per peer says whether the last comparison found
// nothing to copy, and nothing changed here since (what status reports).
import type { KeyData, Message } from './messages.ts';
import type { LocalStore } from './local.ts';
import { LEAVES } from './merkle.ts';
import type { Ring } from './ring.ts';

type Ranges = readonly (readonly [number, number])[];

export class AntiEntropy {
  private readonly shared = new Map<string, number[]>();
  private readonly inSync = new Map<string, boolean>();
  private turn = 0;
  private lastRoundMs: number;
  rounds = 0;
  keysRepaired = 0;

  constructor(
    private readonly self: string,
    nodes: readonly string[],
    ring: Ring,
    private readonly local: LocalStore,
    private readonly intervalMs: number,
    private readonly send: (to: string, msg: Message) => void,
    nowMs: number,
  ) {
    const mine = new Set(ring.homed(self));
    for (const peer of nodes) {
      if (peer === self) continue;
      const both = ring.homed(peer).filter((p) => mine.has(p));
      if (both.length > 0) this.shared.set(peer, both);
    }
    this.lastRoundMs = nowMs;
  }

  /** Whether every peer compared equal since the last change here (true when off or alone). */
  settled(): boolean {
    if (this.intervalMs === 0) return true;
    return [...this.shared.keys()].every((p) => this.inSync.get(p) === true);
  }

  /** Something changed here: every peer must be compared again. */
  changed(): void {
    this.inSync.clear();
  }

  tick(nowMs: number): void {
    if (this.intervalMs === 0 || nowMs - this.lastRoundMs < this.intervalMs) return;
    this.lastRoundMs = nowMs;
    const peers = [...this.shared.keys()];
    if (peers.length === 0) return;
    const peer = peers[this.turn++ % peers.length]!;
    const roots: Record<string, string> = {};
    for (const p of this.shared.get(peer)!) roots[p] = this.local.merkle.root(p);
    this.rounds++;
    this.send(peer, { t: 'ae-roots', roots });
  }

  receive(from: string, msg: Message): void {
    if (msg.t === 'ae-roots') this.onRoots(from, msg.roots);
    else if (msg.t === 'ae-leaves') this.onLeaves(from, msg.leaves);
    else if (msg.t === 'ae-data') this.onData(from, msg.ranges, msg.data, msg.reply);
  }

  private onRoots(from: string, roots: Readonly<Record<string, string>>): void {
    const leaves: Record<string, string[]> = {};
    for (const [p, root] of Object.entries(roots)) {
      const mine = this.local.merkle.root(Number(p));
      if (mine !== root) leaves[p] = this.local.merkle.leaves(Number(p));
    }
    if (Object.keys(leaves).length === 0) this.inSync.set(from, true);
    this.send(from, { t: 'ae-leaves', leaves });
  }

  private onLeaves(from: string, theirs: Readonly<Record<string, readonly string[]>>): void {
    const ranges: [number, number][] = [];
    for (const [p, hashes] of Object.entries(theirs)) {
      const mine = this.local.merkle.leaves(Number(p));
      for (let leaf = 0; leaf < LEAVES; leaf++)
        if (mine[leaf] !== hashes[leaf]) ranges.push([Number(p), leaf]);
    }
    if (ranges.length === 0) {
      this.inSync.set(from, true);
      return;
    }
    this.inSync.set(from, false);
    this.send(from, { t: 'ae-data', ranges, data: this.dataIn(ranges), reply: true });
  }

  private onData(from: string, ranges: Ranges, data: KeyData, reply: boolean): void {
    const allowed = new Set(this.shared.get(from) ?? []);
    const ok = ranges.filter(([p]) => allowed.has(p));
    const back = reply ? this.dataIn(ok) : {};
    for (const [key, sibs] of Object.entries(data))
      if (this.local.put(key, sibs)) this.keysRepaired++;
    if (reply) this.send(from, { t: 'ae-data', ranges: ok, data: back, reply: false });
  }

  private dataIn(ranges: Ranges): KeyData {
    const out: Record<string, KeyData[string]> = {};
    for (const [p, leaf] of ranges)
      for (const key of this.local.merkle.keysIn(p, leaf)) out[key] = this.local.get(key);
    return out;
  }
}
