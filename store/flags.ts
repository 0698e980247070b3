// Command-line flags of a store node, as data: each flag declared once (name,
// kind, help line), scanned from argv, and read through a FlagReader that
// turns every problem into a StoreOptionsError naming the flag and the fix.
// The core and every replication mode declare and read their flags this way.
import { didYouMean } from '../core/suggest.ts';

export class StoreOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOptionsError';
  }
}

export type FlagKind = 'string' | 'int' | 'bool' | 'list';

export interface FlagSpec {
  readonly name: string;
  readonly kind: FlagKind;
  /** What goes after the flag in --help, e.g. "<ms>" (none for bool flags). */
  readonly arg?: string;
  /** The --help text; lines after the first are continuation lines. */
  readonly help: string;
}

export const fail = (msg: string): never => {
  throw new StoreOptionsError(msg);
};

/**
 * Splits argv into flag values; `--flag value` and `--flag=value` both work.
 * `unknown` explains a flag that is not in `specs` (it throws).
 */
export function scanFlags(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  unknown: (name: string) => never,
): Map<string, string[]> {
  const kinds = new Map(specs.map((s) => [s.name, s.kind]));
  const out = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--'))
      fail(`unexpected argument "${arg}": every option is a --flag (see --help)`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const kind = kinds.get(name) ?? unknown(name);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (kind === 'bool') value = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) fail(`--${name} needs a value (see --help)`);
      value = next!;
      i++;
    }
    const list = out.get(name) ?? [];
    if (kind !== 'list' && list.length > 0) fail(`--${name} given twice; give it once`);
    list.push(value);
    out.set(name, list);
  }
  return out;
}

/** Typed, validated access to scanned flag values. */
export class FlagReader {
  constructor(private readonly values: ReadonlyMap<string, readonly string[]>) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Names of the flags given. */
  given(): string[] {
    return [...this.values.keys()];
  }

  list(name: string): readonly string[] {
    return this.values.get(name) ?? [];
  }

  str(name: string, dflt?: string): string {
    const raw = this.values.get(name)?.[0];
    if (raw === undefined || raw === '') {
      if (dflt === undefined) return fail(`--${name} is required (see --help)`);
      return dflt;
    }
    return raw;
  }

  int(name: string, min: number, dflt?: number): number {
    const raw = this.values.get(name)?.[0];
    if (raw === undefined) {
      if (dflt === undefined) return fail(`--${name} is required (see --help)`);
      return dflt;
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      fail(`--${name} must be an integer >= ${min}, got "${raw}"`);
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], dflt: T): T {
    const v = this.str(name, dflt);
    if (!(allowed as readonly string[]).includes(v))
      fail(`--${name} must be one of ${allowed.join(', ')}, got "${v}"${didYouMean(v, allowed)}`);
    return v as T;
  }

  /** A bool flag: present (or =true) is true; absent or =false is false. */
  bool(name: string): boolean {
    return this.has(name) && this.str(name) !== 'false';
  }
}

/** --help lines for flags, aligned in one column. */
export function flagUsage(specs: readonly FlagSpec[]): string {
  const width = 29;
  const lines: string[] = [];
  for (const s of specs) {
    const head = `  --${s.name}${s.arg ? ` ${s.arg}` : ''}`;
    const [first, ...rest] = s.help.split('\n');
    lines.push(`${head.padEnd(width)}${head.length >= width ? ' ' : ''}${first}`);
    for (const more of rest) lines.push(`${' '.repeat(width)}${more}`);
  }
  return lines.join('\n');
}
