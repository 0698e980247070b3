// Deliberate bugs, for measuring whether splitbrain notices a broken store
// (the matrix's detection table, harness/matrix). Each mode names its own in
// its bugs.ts; a node takes --bug <name> only when the environment has
// SPLITBRAIN_TEST_BUGS=1, so no real deployment starts one by mistake.
import { fail, type FlagReader, type FlagSpec } from '../flags.ts';
import { didYouMean } from '../../core/suggest.ts';

export const BUG_SWITCH = 'SPLITBRAIN_TEST_BUGS';

/** Why a bug flag (--bug, the matrix's --detect) is refused here, or null when it may run: the switch must be on. */
export function bugRefusal(
  env: Readonly<Record<string, string | undefined>>,
  flag = '--bug',
): string | null {
  return env[BUG_SWITCH] === '1'
    ? null
    : `${flag} runs a deliberately broken store, for tests and the matrix's detection table only; set ${BUG_SWITCH}=1 to allow it`;
}

/** A mode's --bug flag, naming its bugs. */
export function bugFlag(names: readonly string[]): FlagSpec {
  return {
    name: 'bug',
    kind: 'string',
    arg: '<name>',
    help: `tests only (needs ${BUG_SWITCH}=1): a deliberate bug, ${names.join(' | ')}`,
  };
}

/** --bug: one of the mode's bugs, and only with the test switch on; null without the flag. */
export function bugOf<N extends string>(
  f: FlagReader,
  bugs: Readonly<Record<N, string>>,
): N | null {
  if (!f.has('bug')) return null;
  const name = f.str('bug');
  const refusal = bugRefusal(process.env);
  if (refusal !== null) fail(refusal);
  const names = Object.keys(bugs);
  if (!names.includes(name))
    fail(`--bug must be one of ${names.join(', ')}, got "${name}"${didYouMean(name, names)}`);
  return name as N;
}
