// The per-fault targeting flags of a run (nemesis/options.ts NEMESIS_FLAGS):
// picked out of the parsed arguments and checked, and given back as flags
// for the repeat command, beside config.ts as target-options.ts and
// check-budget.ts are.
import { NEMESIS_FLAGS, NemesisOptionError, scheduleOptionsFromFlags } from '../nemesis/options.ts';
import { checkRandomPlan } from '../nemesis/feasible.ts';
import { parseFaultKinds, UnknownFaultKindError } from '../nemesis/index.ts';
import { nodeIdsFor } from '../kit/cluster-nodes.ts';
import { UsageError } from '../core/errors.ts';
import { camelCase } from '../core/option.ts';

/** Kebab-case flag name → value, as given. */
export type NemesisOptions = Readonly<Record<string, string | number | boolean>>;

/** Picks the NEMESIS_FLAGS out of raw options and checks them; a bad one is a UsageError. */
export function resolveNemesisOptions(raw: Readonly<Record<string, unknown>>): NemesisOptions {
  const out: Record<string, string | number | boolean> = {};
  for (const f of NEMESIS_FLAGS) {
    const v = raw[camelCase(f.name)] ?? raw[f.name];
    if (v === undefined || v === null) continue;
    if (typeof v !== f.type)
      throw new UsageError(`--${f.name} must be a ${f.type}, got ${JSON.stringify(v)}`);
    out[f.name] = v as string | number | boolean;
  }
  try {
    scheduleOptionsFromFlags(out);
  } catch (err) {
    if (err instanceof NemesisOptionError) throw new UsageError(err.message);
    throw err;
  }
  return out;
}

/**
 * --nemesis as a list of kinds; none with --nemesis-schedule, whose file
 * chooses the faults (a --nemesis beside it would be ignored, so it is refused).
 */
export function nemesisKinds(raw: unknown, schedule: string | null, fallback: string): string[] {
  const kinds = csv(raw ?? (schedule === null ? fallback : 'none'));
  if (schedule !== null && kinds.length > 0)
    throw new UsageError(
      `--nemesis ${kinds.join(',')} and --nemesis-schedule both choose the faults, and the schedule file replays only its own ops: drop --nemesis`,
    );
  try {
    parseFaultKinds(kinds);
  } catch (err) {
    if (err instanceof UnknownFaultKindError) throw new UsageError(`--nemesis: ${err.message}`);
    throw err;
  }
  return kinds;
}

/** Refuses, before anything starts, a fault setting under which a requested fault cannot take effect. */
export function checkNemesisPlan(c: {
  readonly nemesis: readonly string[];
  readonly nemesisIntervalS: number;
  readonly timeLimitS: number;
  readonly nodes: number;
  readonly nemesisOptions: NemesisOptions;
  readonly nemesisSchedule: string | null;
}): void {
  try {
    checkRandomPlan({
      kinds: c.nemesis,
      intervalS: c.nemesisIntervalS,
      timeLimitS: c.timeLimitS,
      nodeIds: nodeIdsFor(c.nodes),
      flags: c.nemesisOptions,
      scheduleFile: c.nemesisSchedule !== null,
    });
  } catch (err) {
    if (err instanceof NemesisOptionError) throw new UsageError(err.message);
    throw err;
  }
}

/** "a,b, c" → ["a","b","c"]; "none" or "" → []. */
function csv(v: unknown): string[] {
  const parts = (Array.isArray(v) ? v.join(',') : String(v))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return parts.length === 1 && parts[0] === 'none' ? [] : parts;
}
