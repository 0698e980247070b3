// `splitbrain shrink` without the command line: from a violating sim run (or
// a replay file) to shrunk.json, a smaller run that still shows the same
// checker finding the same kind of anomaly. Candidates run in a temporary
// folder that is removed; only the final run stays, under `out`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { loadReplay } from './from-run.ts';
import { serializeReplay, type Replay } from './replay-file.ts';
import { runReplay, type RunSize } from './replay-run.ts';
import {
  originalCandidate,
  replayOfCandidate,
  shrinkCandidate,
  type Candidate,
  type ShrinkBounds,
} from './shrink.ts';

export const SHRUNK_FILE = 'shrunk.json';

export interface ShrinkResult {
  readonly before: RunSize;
  readonly after: RunSize;
  /** Simulated runs: the original's explicit-schedule check, each distinct candidate, the final run. */
  readonly runs: number;
  /** The search stopped at a bound (--max-runs or --max-seconds), not at a smallest run. */
  readonly bounded: boolean;
  readonly replayPath: string;
  readonly runDir: string;
  readonly replay: Replay;
}

export const sizeText = (s: RunSize) =>
  `${s.ops} ops, ${s.clients} client${s.clients === 1 ? '' : 's'}, ${s.faults} fault${s.faults === 1 ? '' : 's'}`;

/** The replay to shrink, refused when there is nothing to reproduce. */
function replayToShrink(input: string): Replay {
  const replay = loadReplay(input);
  if (replay.expect === null)
    throw new UsageError(
      `${input}: nothing to shrink: no checker found an anomaly in this run (run-health aside); shrink takes a sim run whose verdict is INVALID, or a replay file whose "expect" names a checker and anomaly kind`,
    );
  return replay;
}

export async function shrinkRun(
  input: string,
  opts: { readonly out: string; readonly log: (line: string) => void } & ShrinkBounds,
): Promise<ShrinkResult> {
  const replay = replayToShrink(input);
  const expect = replay.expect!;
  const scratch = mkdtempSync(join(tmpdir(), 'splitbrain-shrink-'));
  try {
    // The faults become an explicit schedule: check that it still fails before shrinking it.
    const first = await runReplay(replay, join(scratch, 'original'));
    if (!first.reproduced)
      throw new UsageError(
        `${input}: replayed with its faults as an explicit schedule, the run no longer shows ${expect.checker} ${expect.anomaly}, so there is nothing to shrink from; try another seed`,
      );
    const before = first.size;
    opts.log(`original: ${sizeText(before)}: ${expect.checker} finds ${expect.anomaly}`);
    let n = 0;
    // fast-check may offer a candidate it tried before; a sim run repeats, so its answer does too.
    const seen = new Map<string, boolean>();
    const fails = async (c: Candidate): Promise<boolean> => {
      const key = JSON.stringify(replayOfCandidate(replay, c));
      const known = seen.get(key);
      if (known !== undefined) return known;
      const failed = await runCandidate(c);
      seen.set(key, failed);
      return failed;
    };
    const runCandidate = async (c: Candidate): Promise<boolean> => {
      n++;
      const dir = join(scratch, `c${n}`);
      try {
        const r = await runReplay(replayOfCandidate(replay, c), dir);
        opts.log(`candidate ${n}: ${sizeText(r.size)}: ${r.reproduced ? 'still fails' : 'passes'}`);
        return r.reproduced;
      } catch (err) {
        opts.log(`candidate ${n}: not a run (${(err as Error).message.split('\n')[0]})`);
        return false;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const shrunk = await shrinkCandidate(originalCandidate(replay, before.ops), fails, opts);
    const best = replayOfCandidate(replay, shrunk.best);
    mkdirSync(opts.out, { recursive: true });
    const final = await runReplay(best, opts.out);
    const replayPath = join(opts.out, SHRUNK_FILE);
    writeFileSync(replayPath, serializeReplay(best));
    return {
      before,
      after: final.size,
      runs: n + 2,
      bounded: shrunk.bounded,
      replayPath,
      runDir: final.outcome.runDir,
      replay: best,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
