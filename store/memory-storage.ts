// The simulated data dir of one node: records survive a crash of the node,
// and once synced a power loss too (memory.ts's SimWorld keeps one per node).
import type { Storage } from './ports.ts';

/**
 * Storage that outlives the node using it, like a data dir. Records appended
 * since the last sync are in the simulated page cache: a crash of the node
 * keeps them, a power loss (SimWorld.powerLoss) drops them.
 */
export class MemoryStorage implements Storage {
  /**
   * Each record as the JSON line a file would hold (FsStorage writes the
   * same): a copy no later change to the object can reach, and cheaper to
   * make than a structured clone.
   */
  private readonly lines: string[] = [];
  /** How many of the first records are on the simulated disk. */
  private synced = 0;
  /** Calls of sync, for tests. */
  syncs = 0;
  /** Records a power loss would take now. */
  get unsynced(): number {
    return this.lines.length - this.synced;
  }
  /** Every record, each a fresh copy (for tests). */
  get records(): unknown[] {
    return this.lines.map((l) => JSON.parse(l) as unknown);
  }
  load(): unknown[] {
    // Fresh objects, as a file would give: no shared objects between incarnations.
    return this.records;
  }
  append(record: unknown): void {
    this.lines.push(JSON.stringify(record));
  }
  sync(): void {
    this.synced = this.lines.length;
    this.syncs++;
  }
  /** The machine lost power: what was never synced is gone (the worst the kernel allows). */
  loseUnsynced(): number {
    return this.lines.splice(this.synced).length;
  }
}
