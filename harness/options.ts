// Options declared once (core/option.ts) as yargs options: the CLI is built
// from the same declarations the config and the repeat command read. Defaults
// are applied by the config, not by yargs, so a flag the user gave can be told
// from one left out; --help shows them all the same.
import type { Argv } from 'yargs';
import type { OptionSpec } from '../core/option.ts';

/** The --help line: the description, then the default or what stands for it. */
function help(spec: OptionSpec): string {
  const shown = spec.defaultText ?? (spec.default === undefined ? undefined : String(spec.default));
  return shown === undefined ? spec.describe : `${spec.describe} [default: ${shown}]`;
}

export function yargsOptions<T>(y: Argv<T>, specs: readonly OptionSpec[]): Argv<T> {
  let out = y;
  for (const spec of specs)
    out = out.option(spec.flag, { type: spec.type, describe: help(spec) }) as Argv<T>;
  return out;
}
