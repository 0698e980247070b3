// The Workload role: which ops to run, which checkers can judge the result,
// and, through the system under test's target (core/system.ts), which client
// speaks to it and how to tell its replicas caught up. Workloads never inject
// faults and never name a system.
import type { Op } from '../core/history.ts';
import type { ClientFactory } from '../core/client.ts';
import type { NodeInfo } from '../core/cluster.ts';
import type { Generator } from '../core/generator/generator.ts';
import type { LagSample, SystemTarget } from '../core/system.ts';

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

/** What a workload is without a system: its ops and its checkers. */
export type WorkloadSpec = Pick<Workload, 'name' | 'checkers' | 'generator' | 'finalGenerator'>;

/** A workload's ops on a system: its own generators, the system's clients and probes. */
export function onTarget(spec: WorkloadSpec, target: SystemTarget): Workload {
  return {
    ...spec,
    clients: () => target.clients(spec.name),
    quiesce: (nodes, timeoutMs) => target.quiesce(nodes, timeoutMs),
    sampleLag: (nodes) => target.sampleLag(nodes),
  };
}
