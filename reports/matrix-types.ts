// matrix.json: what `splitbrain matrix` measured per cell and guarantee, next
// to what theory predicts. Written by harness/matrix, rendered by matrix-html.ts.

export type CellStatus = 'agree' | 'disagree' | 'finding' | 'unknown';

export interface MatrixGuarantee {
  readonly guarantee: string;
  readonly expect: 'must-hold' | 'may-violate';
  readonly reason: string;
  /** Runs whose checker answered true or false. */
  readonly runs: number;
  readonly violated: number;
  /** Runs whose checker answered unknown (budget spent). */
  readonly unknown: number;
  /** 95 % Wilson interval of the violation rate over the runs. */
  readonly ci: { readonly low: number; readonly high: number };
  /**
   * agree; disagree: a must-hold guarantee was violated; finding: a
   * may-violate guarantee never was over enough seeds (the nemesis is too weak
   * there); unknown: no run answered.
   */
  readonly status: CellStatus;
  /** The run with the most anomalies of this guarantee, relative to matrix.json; null when none. */
  readonly worstRun: string | null;
  readonly worstSeed: number | null;
}

export interface MatrixRow {
  readonly id: string;
  readonly mode: string;
  readonly setting: { readonly id: string; readonly label: string; readonly flags: object };
  readonly readFrom: string;
  readonly nemesis: { readonly id: string; readonly kinds: string; readonly intervalS: number };
  readonly guarantees: readonly MatrixGuarantee[];
  /** Runs that failed outright (exit 3), with the first reason. */
  readonly failedRuns: number;
  readonly failure?: string;
}

export interface DetectionRow {
  readonly bug: string;
  readonly description: string;
  /** The cell that caught it most often. */
  readonly bestCell: string | null;
  readonly runs: number;
  readonly caught: number;
  readonly ci: { readonly low: number; readonly high: number };
  /** The guarantee (checker) that caught it most often in the best cell. */
  readonly caughtBy: readonly string[];
  /** The best cell's worst run of the first caughtBy guarantee, relative to matrix.json (absent in older files). */
  readonly worstRun?: string | null;
}

export interface MatrixFile {
  readonly version: 1;
  readonly startedAt: string;
  readonly durationS: number;
  readonly grid: {
    readonly backend: string;
    readonly seeds: number;
    readonly firstSeed: number;
    readonly timeLimitS: number;
    readonly rate: number;
    /** Seeds a may-violate cell must run without a violation before it is a finding. */
    readonly findingSeeds: number;
    readonly bug: string | null;
  };
  readonly guarantees: readonly string[];
  readonly rows: readonly MatrixRow[];
  readonly disagreements: number;
  readonly findings: number;
  readonly failedRuns: number;
  readonly detection?: readonly DetectionRow[];
}
