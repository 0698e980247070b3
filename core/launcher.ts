// The Launcher role: how one system's nodes run as processes of ours. A
// system under test supplies it (systems/<name>/); the local backend (and,
// for a script, the Docker backend) runs it, owning ports, proxies, signals
// and clocks, so a backend never knows which system it starts.
import type { Capability, Cluster, ClusterSpec, NodeInfo } from './cluster.ts';

/** A Node.js program of ours (the reference store), started from its entry file. */
export interface ScriptLauncher {
  readonly kind: 'script';
  readonly name: string;
  /** The program's entry file: run with tsx locally, bundled into a Docker image. */
  readonly entry: string;
  /**
   * The same program as a command of the splitbrain CLI (e.g. ["store"]):
   * the local backend then runs it from the prebuilt bundle when that is up
   * to date with the sources, instead of compiling `entry` at every start.
   */
  readonly cliCommand?: readonly string[];
  /** Its flags for one node; nodeArgs are the run's flags for every node (ClusterSpec). */
  args(node: ScriptNode, nodeArgs: readonly string[]): string[];
  /** Framing of the node-to-node streams, for link faults that do not name one. */
  readonly peerFraming: 'chunk' | 'line';
  /** Skews the program's own clock, where libfaketime is not used. */
  setClockOffset(node: NodeInfo, offsetMs: number): Promise<void>;
}

/** Where one script node listens and whom it dials. */
export interface ScriptNode {
  readonly id: string;
  /** Every node's id, in order (the first is the initial leader where there is one). */
  readonly ids: readonly string[];
  /** Address the node listens on [default: the program's own, loopback]. */
  readonly listenHost?: string;
  readonly clientPort: number;
  readonly peerPort: number;
  /** Where this node dials each peer (host defaults to loopback): its proxy for that link. */
  readonly peers: readonly { readonly id: string; readonly host?: string; readonly port: number }[];
  readonly dataDir: string;
}

/** What a server launcher needs to know about one node to launch it. */
export interface ServerNode {
  readonly id: string;
  /** The port the server itself listens on for clients. */
  readonly serverPort: number;
  /** The port the server listens on for peers (same as serverPort where one port serves both). */
  readonly peerPort: number;
  /** A data dir of its own under the cluster's temporary folder. */
  readonly dataDir: string;
  readonly logPath: string;
  /** Environment that puts the node's wall clock under the controller (empty without libfaketime). */
  readonly clockEnv: Readonly<Record<string, string>>;
}

export interface ServerContext {
  readonly nodes: readonly ServerNode[];
  /** The port node `from` dials to reach `to`'s peer port through their link proxy ("client": the controller's). */
  proxyPort(from: string, to: string): number;
  /** Folder of the run (logs), and the temporary folder holding the data dirs. */
  readonly runDir: string;
  readonly tmpDir: string;
}

/** One server process: its command line and how to tell it answers. */
export interface ServerCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Run as this user (PostgreSQL refuses root). */
  readonly uid?: number;
  readonly gid?: number;
  /** Resolves true once the server answers; polled until readyTimeoutMs. */
  readonly ready: () => Promise<boolean>;
  readonly readyTimeoutMs: number;
}

/** A real server (Redis, PostgreSQL, etcd) from this machine's packages. */
export interface ServerLauncher {
  readonly kind: 'server';
  readonly name: string;
  /** Whether a node's peer port differs from its client port (etcd). */
  readonly separatePeerPort: boolean;
  /** Why clock skew does or does not reach this server through libfaketime. */
  readonly clockNote: { readonly works: boolean; readonly detail: string };
  /** One-time work before any node starts (initdb, base backups, demux listeners). */
  prepare?(ctx: ServerContext): Promise<void>;
  /** Runs once per node just before its first start (a standby's base backup). */
  beforeFirstStart?(node: ServerNode, ctx: ServerContext): Promise<void>;
  /** How to launch (and relaunch after a crash) one node. */
  launch(node: ServerNode, ctx: ServerContext): ServerCommand;
  /** Runs after every node is ready (e.g. wait for replication to be streaming). */
  afterUp?(ctx: ServerContext): Promise<void>;
  /** Releases what prepare() opened. */
  down?(): Promise<void>;
}

/**
 * A system that runs its own nodes and delivers its own faults, where link
 * proxies cannot sit between its members (Galera: members dial the one
 * address each advertises, so partitions are iptables drops in a network
 * namespace of its own). The local backend hands up() to it.
 */
export interface ClusterLauncher {
  readonly kind: 'cluster';
  readonly name: string;
  /** What its clusters can deliver here, known before up(). */
  capabilities(): readonly Capability[];
  up(spec: ClusterSpec): Promise<Cluster>;
}

export type Launcher = ScriptLauncher | ServerLauncher | ClusterLauncher;
