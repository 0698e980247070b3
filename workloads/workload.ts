// The Workload role: which ops to run, which client speaks to the target, and
// which checkers can judge the result. Workloads never inject faults.
import type { Op } from '../core/history.ts';
import type { ClientFactory } from '../core/client.ts';
import type { NodeInfo } from '../core/cluster.ts';
import type { Generator } from '../core/generator/generator.ts';
import type { Rng } from '../core/rng.ts';

export interface WorkloadOptions {
  /** Where reads go: "leader", "any", or a policy a target adds. */
  readonly readFrom: string;
  readonly rng: Rng;
}

/** A replication-lag sample of one node, for the history's monitor records. */
export interface LagSample {
  readonly lagOps: number;
  readonly lagMs: number;
}

export interface Workload {
  readonly name: string;
  /** Checker ids that apply by default. */
  readonly checkers: readonly string[];
  /** The endless client op stream of the main phase; the harness adds rate and time limits. */
  generator(): Generator;
  /** Final reads after every fault healed, built from what the history wrote. */
  finalGenerator(history: readonly Op[], nodes: readonly NodeInfo[]): Generator;
  clients(nodes: readonly NodeInfo[]): ClientFactory;
  /** Waits (bounded) until the replicas have caught up; false when the bound passed first. */
  quiesce(nodes: readonly NodeInfo[], timeoutMs: number): Promise<boolean>;
  /** Lag per node id, or null when the target cannot say. */
  sampleLag(nodes: readonly NodeInfo[]): Promise<Record<string, LagSample> | null>;
}
