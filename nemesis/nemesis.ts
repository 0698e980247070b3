// The Nemesis role: faults expressed against the Cluster interface, so the
// same nemesis runs on every backend.
import type { Cluster, FaultKind } from '../core/cluster.ts';

/** A fault op as the generator emits it, e.g. {f: "start-partition", value: "halves"}. */
export interface NemesisOp {
  readonly f: string;
  readonly value: unknown;
}

/** What a fault did: recorded as the info completion of the nemesis op. */
export interface NemesisResult {
  readonly value: unknown;
  /** Nodes the fault touched, for reports that attribute anomalies to faults. */
  readonly nodes?: readonly string[];
  readonly error?: string;
}

export interface NemesisContext {
  readonly cluster: Cluster;
  /** Seeded randomness owned by the interpreter; a nemesis never makes its own. */
  readonly random: () => number;
}

export interface Nemesis {
  /** The fault kinds it needs from the backend; checked before the run starts. */
  readonly needs: readonly FaultKind[];
  /** The op names it handles. */
  readonly fs: readonly string[];
  invoke(op: NemesisOp, ctx: NemesisContext): Promise<NemesisResult>;
  /** Undoes every fault it started (heal, resume, restart, reset clocks). Must be idempotent. */
  healAll(ctx: NemesisContext): Promise<NemesisResult>;
}

export const noopNemesis: Nemesis = {
  needs: [],
  fs: [],
  invoke: async (op) => ({ value: op.value }),
  healAll: async () => ({ value: 'nothing to heal' }),
};
