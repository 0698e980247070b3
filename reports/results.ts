// Folds checker results into results.json and the process exit code
// (docs/architecture.md, "Checker results and exit codes": false outranks unknown outranks true).
import {
  anomalyCountsOf,
  mergeValidity,
  type CheckResult,
  type Validity,
} from '../checkers/checker.ts';
import type { ResultsFile } from './types.ts';

/**
 * The results.json object: every checker's result under its id, plus the
 * overall "valid". Each result carries the count of every anomaly by kind
 * (anomalyCounts) and whether its list is cut short (anomaliesTruncated), so
 * every renderer counts all of them, not the listed ones.
 */
export function buildResults(checks: Readonly<Record<string, CheckResult>>): ResultsFile {
  const ids = Object.keys(checks).filter((id) => {
    // "valid" is the overall verdict's key; a checker by that name would be silently overwritten.
    if (id === 'valid') throw new Error('buildResults: a checker id must not be "valid"');
    return true;
  });
  // No checker at all refuted nothing and proved nothing: never a green verdict.
  const valid = ids.length === 0 ? 'unknown' : mergeValidity(ids.map((id) => checks[id]!.valid));
  const out: Record<string, CheckResult | Validity> = { valid };
  for (const id of ids) {
    const r = checks[id]!;
    // A checker that counted more than it listed, without kinds, keeps only its own number.
    const stated = r.stats?.['anomalies'];
    const uncounted =
      r.anomalyCounts === undefined && typeof stated === 'number' && stated > r.anomalies.length;
    out[id] = uncounted
      ? { ...r, anomaliesTruncated: true }
      : {
          ...r,
          anomalyCounts: anomalyCountsOf(r),
          anomaliesTruncated: r.anomaliesTruncated ?? false,
        };
  }
  return out as ResultsFile;
}

/** Exit code of `splitbrain run` / `check`: 0 valid, 1 an anomaly, 2 unknown. */
export function exitCodeFor(valid: Validity): 0 | 1 | 2 {
  return valid === true ? 0 : valid === false ? 1 : 2;
}
