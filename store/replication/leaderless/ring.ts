// The hash ring (DDIA 6.2, Dynamo's consistent hashing): every node owns
// TOKENS points of a 32-bit ring; the key space is cut into PARTITIONS equal
// ranges, and a range's preference list is the distinct nodes met walking
// clockwise from its start. Its first n are the range's home replicas; the
// rest are, in order, where a sloppy quorum puts a write it cannot place home.

/** Ranges of the key space; each is the unit of replication and of anti-entropy. */
export const PARTITIONS = 64;
const TOKENS = 16;
const SHIFT = 32 - Math.log2(PARTITIONS);

/** FNV-1a, 32 bits. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function partitionOf(key: string): number {
  return hash32(key) >>> SHIFT;
}

export class Ring {
  /** Per partition, every node in preference order. */
  private readonly lists: readonly (readonly string[])[];

  constructor(
    nodes: readonly string[],
    readonly n: number,
  ) {
    const tokens: { at: number; node: string }[] = [];
    for (const node of nodes)
      for (let i = 0; i < TOKENS; i++) tokens.push({ at: hash32(`${node}#${i}`), node });
    tokens.sort((a, b) => a.at - b.at || (a.node < b.node ? -1 : 1));
    const lists: string[][] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      const start = (p * 2 ** SHIFT) >>> 0;
      let i = tokens.findIndex((t) => t.at >= start);
      if (i < 0) i = 0;
      const list: string[] = [];
      for (let j = 0; list.length < nodes.length; j++) {
        const node = tokens[(i + j) % tokens.length]!.node;
        if (!list.includes(node)) list.push(node);
      }
      lists.push(list);
    }
    this.lists = lists;
  }

  /** The n nodes that hold a partition's keys. */
  home(partition: number): readonly string[] {
    return this.lists[partition]!.slice(0, this.n);
  }

  /** The nodes after the home replicas, in the order a sloppy quorum tries them. */
  fallbacks(partition: number): readonly string[] {
    return this.lists[partition]!.slice(this.n);
  }

  /** Partitions `node` is a home replica of. */
  homed(node: string): number[] {
    const out: number[] = [];
    for (let p = 0; p < PARTITIONS; p++) if (this.home(p).includes(node)) out.push(p);
    return out;
  }
}
