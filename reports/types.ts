// The shapes reports read from a run directory (docs/architecture.md, "The run directory").
// Reports render these; they never recompute a verdict.
import { anomalyCountsOf, type CheckResult, type Validity } from '../checkers/checker.ts';
import type { Op } from '../core/history.ts';

/** config.json. Every field is optional when rendering: old runs and importers omit some. */
export interface RunConfig {
  readonly test?: string;
  readonly seed?: number;
  /** The exact command that repeats the run. */
  readonly command?: string;
  readonly startedAt?: string;
  readonly durationS?: number;
  readonly backend?: string;
  readonly nodes?: number;
  readonly concurrency?: number;
  readonly timeLimitS?: number;
  readonly rate?: number;
  readonly readFrom?: string;
  readonly nemesis?: readonly string[];
  readonly nemesisIntervalS?: number;
  readonly workload?: string;
  readonly checkers?: readonly string[];
  readonly versions?: { readonly splitbrain?: string; readonly node?: string };
  /** Settings the system under test warned of: a promise it cannot keep under them. */
  readonly warnings?: readonly string[];
  readonly [extra: string]: unknown;
}

/** The config's warnings that are strings (a hand-edited config.json may hold anything). */
export function configWarnings(config: RunConfig): string[] {
  return Array.isArray(config.warnings)
    ? config.warnings.filter((w): w is string => typeof w === 'string')
    : [];
}

/** results.json: checker ids map to their results, plus the folded "valid" (like Jepsen's results.edn). */
export interface ResultsFile {
  readonly valid: Validity;
  readonly [checkerId: string]: CheckResult | Validity;
}

export interface ReportInput {
  readonly config: RunConfig;
  readonly results: ResultsFile;
  readonly history: readonly Op[];
  /** Problems found while reading the run that the report should show (e.g. a torn last line). */
  readonly notes?: readonly string[];
}

/** The checker entries of a results file, in file order, without the overall "valid". */
export function checkerEntries(results: ResultsFile): [string, CheckResult][] {
  const out: [string, CheckResult][] = [];
  for (const [id, r] of Object.entries(results)) {
    if (id === 'valid' || typeof r !== 'object' || r === null) continue;
    out.push([id, r]);
  }
  return out;
}

/**
 * How many anomalies a checker found: it may list only the first N; its
 * anomalyCounts count every one by kind (a checker's own numbers, not
 * recomputed here). Results written before those existed count in
 * stats.anomalies.
 */
export function anomalyCount(r: CheckResult): { total: number; listed: number } {
  const listed = r.anomalies?.length ?? 0;
  if (r.anomalyCounts !== undefined) {
    const total = Object.values(r.anomalyCounts).reduce((n, c) => n + c, 0);
    return { total: Math.max(total, listed), listed };
  }
  const stated = r.stats?.['anomalies'];
  return { total: typeof stated === 'number' && stated > listed ? stated : listed, listed };
}

/** Every anomaly by kind, "stale-read ×197, phantom-read ×2", from the counts when a checker gave them. */
export function kindsText(r: CheckResult): string {
  return Object.entries(anomalyCountsOf(r))
    .map(([k, c]) => `${k} ×${c.toLocaleString('en-US')}`)
    .join(', ');
}

/**
 * Anomalies per kind, in first-listed order: how many results.json lists and
 * how many the checker found (its anomalyCounts; results written before
 * those existed know a kind's total beyond its listed count only when every
 * listed anomaly is of that kind).
 */
export function kindCounts(r: CheckResult): Map<string, { total: number; listed: number }> {
  const out = new Map<string, { total: number; listed: number }>();
  for (const a of r.anomalies ?? []) {
    const c = out.get(a.kind) ?? { total: 0, listed: 0 };
    out.set(a.kind, { total: c.total + 1, listed: c.listed + 1 });
  }
  if (r.anomalyCounts !== undefined) {
    for (const [k, n] of Object.entries(r.anomalyCounts))
      out.set(k, { total: Math.max(n, out.get(k)?.listed ?? 0), listed: out.get(k)?.listed ?? 0 });
    return out;
  }
  const { total } = anomalyCount(r);
  if (out.size === 1) for (const [k, c] of out) out.set(k, { total, listed: c.listed });
  return out;
}

/** "132 anomalies (100 listed)", or "3 anomalies" when all are listed. */
export function anomalyCountText(r: CheckResult): string {
  const { total, listed } = anomalyCount(r);
  const n = `${total.toLocaleString('en-US')} ${total === 1 ? 'anomaly' : 'anomalies'}`;
  return total > listed ? `${n} (${listed.toLocaleString('en-US')} listed)` : n;
}

export function verdictWord(v: Validity): 'valid' | 'INVALID' | 'unknown' {
  return v === true ? 'valid' : v === false ? 'INVALID' : 'unknown';
}
