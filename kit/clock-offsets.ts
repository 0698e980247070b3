// Each node's clock offset, delivered the way this cluster skews clocks, and
// delivered again when the node could not take it at once. Through
// libfaketime the offset file is the state and a restarted process reads it
// anew; the store's own offset lives in the process, so a restart forgets it
// and a frozen node cannot be told until it is resumed. The program's own
// offset is set the way its launcher says (the store: POST /clock).
import { performance } from 'node:perf_hooks';
import type { FaultApplied, NodeInfo } from '../core/cluster.ts';
import { writeOffsetFile } from './faketime.ts';

/** How clock faults reach a node: libfaketime (process-wide) or the program's own offset. */
export type ClockVia = 'faketime' | 'store';

/** Tells a running node its own clock offset. */
export type PostClockOffset = (node: NodeInfo, offsetMs: number) => Promise<void>;

export class ClockOffsets {
  private readonly offsetsMs = new Map<string, number>();

  constructor(
    readonly via: ClockVia,
    private readonly post: PostClockOffset,
  ) {}

  /**
   * Records the node's offset and delivers it: the offset file through
   * libfaketime, else a POST when the node can answer now (asked only then).
   */
  async set(
    node: NodeInfo,
    offsetFile: string,
    offsetMs: number,
    running: () => boolean | Promise<boolean>,
  ): Promise<FaultApplied> {
    const t0 = performance.now();
    this.offsetsMs.set(node.id, offsetMs);
    if (this.via === 'faketime') {
      // Rewritten in place, so a bind mount of it (same inode) sees it at once.
      writeOffsetFile(offsetFile, offsetMs);
      return { appliedMs: performance.now() - t0, via: 'libfaketime' };
    }
    // A stopped or frozen node cannot answer; restarted() and resumed() post it later.
    if (await running()) await this.post(node, offsetMs);
    return { appliedMs: performance.now() - t0, via: 'store clock offset' };
  }

  /** After a start: a fresh process has a store-side offset of 0, so a non-zero one is posted again. */
  async restarted(node: NodeInfo): Promise<void> {
    const offsetMs = this.offsetsMs.get(node.id) ?? 0;
    if (this.via === 'store' && offsetMs !== 0) await this.post(node, offsetMs);
  }

  /** After a node that was paused is resumed: an offset set meanwhile was not posted. */
  async resumed(node: NodeInfo): Promise<void> {
    const offsetMs = this.offsetsMs.get(node.id);
    if (this.via === 'store' && offsetMs !== undefined) await this.post(node, offsetMs);
  }
}
