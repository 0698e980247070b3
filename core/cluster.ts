// The Cluster role: what every backend (local processes, Docker, simulation,
// external) offers the nemesis and the clients. Backends implement it; the
// nemesis and workloads use only this file, never a backend's internals.

/** Where a client reaches one node. */
export interface NodeInfo {
  /** Stable node id, e.g. "n1". */
  readonly id: string;
  /** Host and port of the node's client API (HTTP for our store). */
  readonly host: string;
  readonly port: number;
}

/**
 * Who cannot hear whom: grudge.get(a) holds every node whose bytes a drops.
 * A symmetric partition lists both directions.
 */
export type Grudge = ReadonlyMap<string, ReadonlySet<string>>;

/** Fault kinds a backend may deliver; asked before a run starts. */
export type FaultKind = 'partition' | 'kill' | 'pause' | 'clock' | 'link';

export interface Capability {
  readonly kind: FaultKind;
  readonly available: boolean;
  /** How the fault is delivered here, or why it cannot be and how to get it. */
  readonly detail: string;
}

/** What a backend starts: node count and the store's options (opaque to the backend). */
export interface ClusterSpec {
  readonly nodeCount: number;
  /** Store options passed through to every node as command-line flags. */
  readonly storeArgs: readonly string[];
  /** Folder for node data dirs and logs (the run directory). */
  readonly dir: string;
}

/** What a fault change reports back, when the backend can tell. */
export interface FaultApplied {
  /** Milliseconds from the call until the fault was in effect. */
  readonly appliedMs?: number;
  /** How it was delivered, e.g. "libfaketime" or "store clock offset". */
  readonly via?: string;
}

/** A directed node link: from's bytes to to. */
export interface Link {
  readonly from: string;
  readonly to: string;
}

/**
 * Faults on a link's byte stream, like tc netem or Toxiproxy. Absent fields
 * are off. A byte stream has no messages, so loss and duplication need a
 * framing: see the backend's capability detail for what it does.
 */
export interface LinkFaultSpec {
  /** Added one-way delay, in ms. */
  readonly latencyMs?: number;
  /** Uniform extra delay in [-jitterMs, +jitterMs], in ms. */
  readonly jitterMs?: number;
  /** Probability in [0, 1] that a unit (chunk or message) is lost. */
  readonly lossRate?: number;
  /** Probability in [0, 1] that a message is delivered twice. */
  readonly duplicateRate?: number;
  /** Cap on forwarded bytes per second, per connection and direction. */
  readonly bandwidthBytesPerS?: number;
  /** Delay before a close (FIN or reset) is passed on, in ms (Toxiproxy slow_close). */
  readonly slowCloseMs?: number;
  /** "chunk": the stream is opaque; "line": newline-delimited messages. */
  readonly framing?: 'chunk' | 'line';
  /** Seed for loss, duplication and jitter draws, so a run repeats. */
  readonly seed?: number;
}

/** running: serving; paused: frozen (SIGSTOP-like); down: killed, stopped or exited. */
export type NodeRunState = 'running' | 'paused' | 'down';

export interface Cluster {
  readonly nodes: readonly NodeInfo[];
  capabilities(): readonly Capability[];
  /** Starts a stopped or killed node from its data dir. */
  start(id: string): Promise<void>;
  /** Stops a node gracefully. */
  stop(id: string): Promise<void>;
  /** SIGKILL-like crash: no cleanup, data dir kept. */
  kill(id: string): Promise<void>;
  /** Freezes a node (SIGSTOP-like); it neither sends nor answers. */
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Replaces the current grudge: links not named flow again. */
  partition(grudge: Grudge): Promise<void | FaultApplied>;
  /** Every link flows again. */
  heal(): Promise<void | FaultApplied>;
  /** Shifts a node's wall clock by offsetMs from true time (0 resets). */
  setClockOffset(id: string, offsetMs: number): Promise<void | FaultApplied>;
  /**
   * Optional: runs a node's monotonic clock and timers at `rate` times real
   * time (1 resets), so it notices silence late. Backends that cannot leave
   * it out, and the slow-clock op fails there naming why.
   */
  setClockRate?(id: string, rate: number): Promise<void | FaultApplied>;
  /**
   * Sets (null: clears) faults on the given directed links; other links keep
   * theirs. Only backends whose capabilities list "link" implement it.
   */
  setLinkFaults?(
    links: readonly Link[],
    faults: LinkFaultSpec | null,
  ): Promise<void | FaultApplied>;
  /**
   * Optional: each node's process state as the backend sees it, so healAll
   * can restart a node that died on its own and resume one paused by hand.
   */
  nodeStates?(): Readonly<Record<string, NodeRunState>>;
  /** Path of a node's own log file. */
  logPath(id: string): string;
  /** Stops everything the backend started; safe to call twice. */
  down(): Promise<void>;
}

export interface Backend {
  readonly name: string;
  up(spec: ClusterSpec): Promise<Cluster>;
  /** What a cluster from this backend could deliver here, known before up(). */
  capabilities?(): readonly Capability[];
}

/** Builds a symmetric grudge that splits nodes into the given components. */
export function splitGrudge(components: readonly (readonly string[])[]): Grudge {
  const g = new Map<string, Set<string>>();
  for (const comp of components) {
    for (const a of comp) {
      const drops = new Set<string>();
      for (const other of components) {
        if (other === comp) continue;
        for (const b of other) drops.add(b);
      }
      g.set(a, drops);
    }
  }
  return g;
}
