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
  partition(grudge: Grudge): Promise<void>;
  /** Every link flows again. */
  heal(): Promise<void>;
  /** Shifts a node's wall clock by offsetMs from true time (0 resets). */
  setClockOffset(id: string, offsetMs: number): Promise<void>;
  /** Path of a node's own log file. */
  logPath(id: string): string;
  /** Stops everything the backend started; safe to call twice. */
  down(): Promise<void>;
}

export interface Backend {
  readonly name: string;
  up(spec: ClusterSpec): Promise<Cluster>;
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
