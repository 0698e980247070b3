// What the store's client and run flags need to know of each replication
// mode, in one table: where a session sends its writes and which read
// policies make sense. Everything else a mode says through /status.
import { UsageError } from '../../core/errors.ts';

export interface ModeTraits {
  /** leader: found through /status and redirects; home: the session's own node (any node takes writes). */
  readonly writesTo: 'leader' | 'home';
  /** --read-from values the mode serves; null: every policy the store offers. */
  readonly readPolicies: readonly string[] | null;
  /** Whether a write may add or remove one element of a set (the set workload's add). */
  readonly setOps: boolean;
}

const TRAITS: Readonly<Record<string, ModeTraits>> = {
  'single-leader': { writesTo: 'leader', readPolicies: null, setOps: false },
  'multi-leader': { writesTo: 'home', readPolicies: ['any', 'sticky'], setOps: true },
};

const FALLBACK: ModeTraits = { writesTo: 'leader', readPolicies: null, setOps: false };

export function modeTraits(mode: unknown): ModeTraits {
  return (typeof mode === 'string' ? TRAITS[mode] : undefined) ?? FALLBACK;
}

/** The set workload adds elements with the store's set operations, which not every mode has. */
export function checkWorkload(mode: unknown, workload: string): void {
  if (workload === 'set' && !modeTraits(mode).setOps)
    throw new UsageError(
      `--workload set adds elements with a set operation, which --mode ${String(mode)} does not offer; add --mode multi-leader`,
    );
}

/** A --read-from the mode cannot serve is bad input (exit 3) naming the ones it can. */
export function checkReadPolicy(mode: unknown, readFrom: string): void {
  const allowed = modeTraits(mode).readPolicies;
  if (allowed !== null && !allowed.includes(readFrom))
    throw new UsageError(
      `--read-from ${readFrom} has no meaning with --mode ${String(mode)}; give one of: ${allowed.join(', ')}`,
    );
}
