// What a cluster of our own processes or containers does the same way on
// every backend: hold one slot per node, start, stop, kill, pause and resume
// it through its handle, and keep each node's clock offset delivered across
// restarts and pauses (clock-offsets.ts). A backend extends it and adds its
// own links, logs and cleanup.
import type { FaultApplied, Grudge, NodeInfo, NodeRunState } from '../core/cluster.ts';
import { lookupNode } from './cluster-nodes.ts';
import type { ClockOffsets } from './clock-offsets.ts';

/** One node as a backend runs it: an OS process or a container. */
export interface NodeHandle {
  start(): Promise<void>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  runState(): NodeRunState | Promise<NodeRunState>;
}

export interface NodeSlot {
  readonly info: NodeInfo;
  readonly handle: NodeHandle;
  /** The node's libfaketime offset file (written only when clocks go through libfaketime). */
  readonly offsetFile: string;
}

export abstract class SlotCluster<S extends NodeSlot> {
  /** Replaces the grudge: links not named flow again. */
  abstract partition(grudge: Grudge): Promise<FaultApplied>;

  protected readonly slots = new Map<string, S>();

  constructor(protected readonly clocks: ClockOffsets) {}

  get nodes(): readonly NodeInfo[] {
    return [...this.slots.values()].map((s) => s.info);
  }

  protected slot(id: string): S {
    return lookupNode(this.slots, id);
  }

  /** What a backend redoes for a fresh process before its clock offset is posted again. */
  protected async afterStart(_id: string): Promise<void> {}

  /** Starts a stopped or killed node; a fresh process has forgotten its own clock offset. */
  async start(id: string): Promise<void> {
    const s = this.slot(id);
    await s.handle.start();
    await this.afterStart(id);
    await this.clocks.restarted(s.info);
  }

  async stop(id: string): Promise<void> {
    await this.slot(id).handle.stop();
  }

  async kill(id: string): Promise<void> {
    await this.slot(id).handle.kill();
  }

  async pause(id: string): Promise<void> {
    await this.slot(id).handle.pause();
  }

  /** Resumes a paused node, then tells it an offset set while it was frozen. */
  async resume(id: string): Promise<void> {
    const s = this.slot(id);
    const wasPaused = (await s.handle.runState()) === 'paused';
    await s.handle.resume();
    if (wasPaused) await this.clocks.resumed(s.info);
  }

  /** Every link flows again. */
  async heal(): Promise<FaultApplied> {
    return this.partition(new Map());
  }

  async setClockOffset(id: string, offsetMs: number): Promise<FaultApplied> {
    const s = this.slot(id);
    const running = async () => (await s.handle.runState()) === 'running';
    return this.clocks.set(s.info, s.offsetFile, offsetMs, running);
  }
}
