// `splitbrain run --replay <file>`: the file decides every run option; only
// where the run is written and how much is printed may be given beside it.
import { UsageError } from '../../core/errors.ts';
import { keyOf } from '../../core/option.ts';
import { givenValue } from '../options.ts';
import { RUN_OPTIONS, SYSTEM_OPTIONS } from '../run-options.ts';
import { loadReplay } from './from-run.ts';
import { replayRunOptions, type Replay } from './replay-file.ts';

const BESIDE_REPLAY = new Set(['replay', 'out', 'quiet', 'json']);

/** The run's options from the replay file, with --out, --quiet and --json as given. */
export function replayArgs(args: Record<string, unknown>): {
  readonly args: Record<string, unknown>;
  readonly replay: Replay;
} {
  const file = String(args.replay);
  for (const spec of [...RUN_OPTIONS, ...SYSTEM_OPTIONS]) {
    if (BESIDE_REPLAY.has(keyOf(spec)) || givenValue(args, spec) === undefined) continue;
    throw new UsageError(
      `--${spec.flag} cannot go with --replay: the replay file ${file} fixes every run option so the run repeats exactly; drop --${spec.flag}, or edit "options" in the file (only --out, --quiet and --json go beside --replay)`,
    );
  }
  const replay = loadReplay(file);
  const out = typeof args.out === 'string' ? args.out : 'runs';
  return {
    args: { ...replayRunOptions(replay, out), quiet: args.quiet, json: args.json },
    replay,
  };
}

/**
 * Runs the config checks on a replay's options; an error there is the file's,
 * so it names the file and the key to edit, not a flag the user never typed.
 */
export function checkedReplayOptions<T>(file: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const flag = /^--([a-z][a-z0-9-]*)/.exec(err.message)?.[1];
    const spec = [...RUN_OPTIONS, ...SYSTEM_OPTIONS].find((s) => s.flag === flag);
    const where = spec === undefined ? '"options"' : `"options"."${keyOf(spec)}"`;
    throw new UsageError(`replay file ${file}: ${err.message}; edit ${where} in the file`, {
      cause: err,
    });
  }
}
