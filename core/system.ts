// The System role: one system under test (our store, Redis, PostgreSQL,
// etcd, ...) as the harness, the doctor and the backends see it. Each system
// is one folder under systems/ holding one descriptor of this shape, listed
// once in systems/index.ts; nothing else names a system.
import type { ClientFactory } from './client.ts';
import type { Clock } from './clock.ts';
import type { Cluster, NodeInfo } from './cluster.ts';
import type { Launcher } from './launcher.ts';
import type { OptionSpec, OptionValues } from './option.ts';
import type { Rng } from './rng.ts';

/** A replication-lag sample of one node, for the history's monitor records. */
export interface LagSample {
  readonly lagOps: number;
  readonly lagMs: number;
}

/** Asks the system under test who leads; null when nobody does (or it cannot tell). */
export type FindLeader = (cluster: Cluster) => Promise<string | null>;

/** Whether the system's server is installed here, for --backend local and the doctor. */
export interface Installed {
  readonly installed: boolean;
  /** The binary found, or how to install it. */
  readonly detail: string;
}

/** What one run asks of a system: its settings, already checked against its option specs. */
export interface SystemSettings {
  readonly backend: string;
  readonly workload: string;
  readonly readFrom: string;
  readonly nodeCount: number;
  /** The system's own options by key: given or defaulted, validated. */
  readonly options: OptionValues;
}

/** A system's clients and replication probes for one cluster that is up. */
export interface SystemTarget {
  /** Clients that speak the named workload's ops to this system. */
  clients(workload: string): ClientFactory;
  /** Waits (bounded) until the replicas have caught up; false when the bound passed first. */
  quiesce(nodes: readonly NodeInfo[], timeoutMs: number): Promise<boolean>;
  /** Lag per node id, or null when the system cannot say. */
  sampleLag(nodes: readonly NodeInfo[]): Promise<Record<string, LagSample> | null>;
}

/** One run's wiring of a system, built once so its parts share state (Sentinel's directory). */
export interface SystemRun {
  /** How its nodes run as our processes; absent for a system only reached elsewhere. */
  readonly launcher?: Launcher;
  /** Flags given to every node (the store's replication settings); empty for real servers. */
  readonly nodeArgs: readonly string[];
  /**
   * The node a leader-targeted fault hits; absent when no node leads
   * (leaderless), so faults default to random targets and a leader target is refused.
   */
  readonly findLeader?: FindLeader;
  /** Clients and probes once the cluster is up; rng is the workload's random stream. */
  connect(cluster: Cluster, rng: Rng): SystemTarget;
}

export interface SystemDescriptor {
  /** The --system value: "redis". */
  readonly name: string;
  /** How messages name it: "Redis", "splitbrain's own store". */
  readonly title: string;
  /** One line for --help and the doctor: "Debian's redis-server, a primary and replicas". */
  readonly summary: string;
  /** Its own flags, group "systems", declared once here. */
  readonly options: readonly OptionSpec[];
  /** Backends it runs on, by name. */
  readonly backends: readonly string[];
  /** Workloads its clients speak (workloads/index.ts); each brings its default checkers. */
  readonly workloads: readonly string[];
  /** --read-from values it offers. */
  readonly readPolicies: readonly string[];
  /** Checkers added to the workload's defaults (convergence where every node takes writes). */
  readonly checkers?: readonly string[];
  /** Whether its server is installed on this machine (for --backend local). */
  installed?(): Installed;
  /** Checks settings across options before anything starts; returns the options to keep. */
  resolve?(settings: SystemSettings): OptionValues;
  /**
   * Settings it accepts under which it cannot keep a promise it makes (each
   * one sentence); the run prints them at start and records them.
   */
  warnings?(settings: SystemSettings): readonly string[];
  /** One run's wiring, on the run's clock (virtual in the simulation). */
  setUp(settings: SystemSettings, clock: Clock): SystemRun;
}
