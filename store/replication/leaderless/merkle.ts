// A Merkle tree per partition, kept up to date as keys change: each
// partition's keys fall into LEAVES buckets by hash; a leaf's hash covers its
// keys and their sibling dots, the root covers the leaves. Two replicas with
// equal roots hold the same data for that range, so anti-entropy sends one
// hash per partition, then the leaf hashes of partitions that differ, then
// only the keys of leaves that differ: never a full scan of both sides.
import { hash32, partitionOf } from './ring.ts';

export const LEAVES = 16;

export function leafOf(key: string): number {
  return hash32(`leaf:${key}`) % LEAVES;
}

/** 64 bits of FNV-1a (two differently seeded halves), as hex. */
function hash64(s: string): string {
  return hash32(s).toString(16).padStart(8, '0') + hash32(`~${s}`).toString(16).padStart(8, '0');
}

const EMPTY = hash64('');

interface Part {
  readonly keys: Map<string, string>[];
  /** Per leaf, its hash; null: changed since last computed. */
  readonly leafHash: (string | null)[];
  root: string | null;
}

export class MerkleForest {
  private readonly parts = new Map<number, Part>();

  /** Records key's new digest (its siblings' dots); "" removes it. */
  update(key: string, digest: string): void {
    const p = this.part(partitionOf(key));
    const leaf = leafOf(key);
    if (digest === '') p.keys[leaf]!.delete(key);
    else p.keys[leaf]!.set(key, digest);
    p.leafHash[leaf] = null;
    p.root = null;
  }

  root(partition: number): string {
    const p = this.parts.get(partition);
    if (p === undefined) return EMPTY;
    if (p.root === null) p.root = hash64(this.leaves(partition).join('|'));
    return p.root;
  }

  leaves(partition: number): string[] {
    const p = this.parts.get(partition);
    if (p === undefined) return new Array<string>(LEAVES).fill(EMPTY);
    return p.leafHash.map((h, i) => {
      if (h !== null) return h;
      const entries = [...p.keys[i]!].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const fresh =
        entries.length === 0 ? EMPTY : hash64(entries.map(([k, d]) => `${k}=${d}`).join(';'));
      p.leafHash[i] = fresh;
      return fresh;
    });
  }

  keysIn(partition: number, leaf: number): string[] {
    return [...(this.parts.get(partition)?.keys[leaf]?.keys() ?? [])];
  }

  private part(partition: number): Part {
    let p = this.parts.get(partition);
    if (p === undefined) {
      p = {
        keys: Array.from({ length: LEAVES }, () => new Map<string, string>()),
        leafHash: new Array<string | null>(LEAVES).fill(EMPTY),
        root: EMPTY,
      };
      this.parts.set(partition, p);
    }
    return p;
  }
}
