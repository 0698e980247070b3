// Maps errors to exit codes and one clear message. Anything that is the
// user's input or the run's own failure is exit 3 (docs/architecture.md).
import type { Argv } from 'yargs';
import { HistoryError } from '../../core/history.ts';
import { UsageError } from '../../core/errors.ts';
import { ioErrorText, isIoError } from './io-error.ts';
import { unknownArgumentsText, type UsageLine } from './unknown-flags.ts';

export const EXIT_RUN_FAILED = 3;

function isKnown(err: unknown): err is Error {
  return (
    err instanceof UsageError ||
    err instanceof HistoryError ||
    (err instanceof Error &&
      /(Error|Failure)$/.test(err.name) &&
      err.name !== 'Error' &&
      err.name !== 'TypeError')
  );
}

/** Prints the problem and sets exit code 3. `kind` says where it came from. */
export function exitWithError(err: unknown, kind: 'usage' | 'unexpected'): never {
  const message = err instanceof Error ? err.message : String(err);
  if (kind === 'usage') {
    process.stderr.write(
      `splitbrain: ${message}\nRun with --help to see every option and its default.\n`,
    );
  } else if (isKnown(err)) {
    process.stderr.write(`splitbrain: ${message}\n`);
  } else if (isIoError(err)) {
    // A file we could not read or write: name it and the fix, not Node's stack.
    process.stderr.write(`splitbrain: ${ioErrorText(err)}\n`);
  } else {
    process.stderr.write(
      `splitbrain: unexpected error: ${err instanceof Error ? (err.stack ?? message) : message}\n`,
    );
  }
  process.exit(EXIT_RUN_FAILED);
}

/** The flags the parser takes (yargs has this, its typings do not). */
function knownFlags(parser: Argv): string[] {
  const p = parser as Argv & { getOptions?: () => { key?: Record<string, unknown> } };
  return typeof p.getOptions === 'function' ? Object.keys(p.getOptions().key ?? {}) : [];
}

/** yargs refused the command line (an unknown flag, a missing value): say which, and the nearest flag. */
export function exitWithUsage(message: string, line: UsageLine & { readonly parser: Argv }): never {
  const text = unknownArgumentsText(message, { ...line, known: knownFlags(line.parser) });
  exitWithError(new Error(text ?? message), 'usage');
}
