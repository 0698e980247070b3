// The per-fault targeting flags of a run (nemesis/options.ts NEMESIS_FLAGS):
// picked out of the parsed arguments and checked, and given back as flags
// for the repeat command, beside config.ts as target-options.ts and
// check-budget.ts are.
import { NEMESIS_FLAGS, NemesisOptionError, scheduleOptionsFromFlags } from '../nemesis/options.ts';
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
