// Maps errors to exit codes and one clear message. Anything that is the
// user's input or the run's own failure is exit 3 (docs/architecture.md).
import { HistoryError } from '../../core/history.ts';
import { UsageError } from '../../core/errors.ts';
import { RunFailure } from '../run.ts';

export const EXIT_RUN_FAILED = 3;

function isKnown(err: unknown): err is Error {
  return (
    err instanceof UsageError ||
    err instanceof RunFailure ||
    err instanceof HistoryError ||
    (err instanceof Error &&
      /Error$/.test(err.name) &&
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
  } else {
    process.stderr.write(
      `splitbrain: unexpected error: ${err instanceof Error ? (err.stack ?? message) : message}\n`,
    );
  }
  process.exit(EXIT_RUN_FAILED);
}
