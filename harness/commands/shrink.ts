// `splitbrain shrink <run-dir|replay.json>`: the smallest sim run fast-check
// finds that still shows the same anomaly, written as shrunk.json.
import { dirname, isAbsolute, join, relative } from 'node:path';
import { realpathSync, statSync } from 'node:fs';
import type { Argv } from 'yargs';
import type { CommandModule } from './command.ts';
import { UsageError } from '../../core/errors.ts';
import { numberFlag } from '../options.ts';
import { shellWord } from '../shell-word.ts';
import { shrinkRun, sizeText } from '../shrink/run-shrink.ts';

function builder(y: Argv): Argv {
  return y
    .positional('run', {
      type: 'string',
      describe: 'a sim run directory whose verdict is INVALID, or a replay file',
    })
    .option('out', {
      type: 'string',
      describe: 'folder for shrunk.json and the shrunk run [default: <run>/shrink]',
    })
    .option('max-runs', {
      ...numberFlag('candidate runs at most; the smallest failing one so far wins'),
      default: 200,
    })
    .option('max-seconds', {
      ...numberFlag('wall-clock seconds at most; the smallest failing run so far wins'),
      default: 600,
    });
}

function positive(flag: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new UsageError(`--${flag} must be a number above 0, got ${JSON.stringify(v)}`);
  return v;
}

async function handler(args: Record<string, unknown>): Promise<void> {
  const input = String(args.run ?? '');
  if (input === '')
    throw new UsageError(
      'shrink needs a sim run directory or a replay file: splitbrain shrink runs/latest',
    );
  const isDir = (() => {
    try {
      return statSync(input).isDirectory();
    } catch {
      return false;
    }
  })();
  // Beside the run's real folder, not through runs/latest, which the next run moves.
  const out =
    typeof args.out === 'string'
      ? args.out
      : join(realFolder(isDir ? input : dirname(input)), 'shrink');
  const startedMs = performance.now();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const r = await shrinkRun(input, {
    out,
    log,
    maxRuns: positive('max-runs', args.maxRuns),
    maxSeconds: positive('max-seconds', args.maxSeconds),
    elapsedS: () => (performance.now() - startedMs) / 1000,
  });
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  log(`before: ${sizeText(r.before)}`);
  log(`after:  ${sizeText(r.after)}`);
  log(
    `${r.runs} candidate runs in ${seconds} s${r.bounded ? ' (stopped at --max-runs/--max-seconds: a smaller run may exist)' : ''}`,
  );
  log(`shrunk run: ${r.runDir}`);
  log(`repeat: npx splitbrain run --replay ${shellWord(r.replayPath)}`);
  // The shrunk run still fails, as the original did: exit 1, like the run.
  process.exitCode = 1;
}

/** The folder's path with symlinks resolved, relative to here when it is below here. */
function realFolder(dir: string): string {
  const real = realpathSync(dir);
  const rel = relative(process.cwd(), real);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : real;
}

export const command: CommandModule = { builder, handler };
