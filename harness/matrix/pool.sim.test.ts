// Worker threads must give exactly what this thread gives: the same seed, the
// same history, whichever thread ran it. (The CLI's default is one worker per
// core, so a thread that cannot start would break every `splitbrain matrix`.)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTasks } from './pool.ts';
import type { CellRun, CellTask } from './cell-run.ts';
import { RUN_FILES } from '../../core/run-files.ts';

function tasks(out: string): CellTask[] {
  return [3, 4].map((seed) => ({
    cell: 'pool',
    seed,
    out,
    options: { system: 'store', backend: 'sim', timeLimit: 8, nemesis: 'partition' },
  }));
}

const history = (r: CellRun) => readFileSync(join(r.runDir!, RUN_FILES.history), 'utf8');

describe('the matrix pool', () => {
  it('runs seeds on worker threads with the histories this thread makes', async () => {
    const onRun = () => {};
    const threaded = await runTasks(tasks(mkdtempSync(join(tmpdir(), 'sb-pool-'))), {
      parallel: 2,
      onRun,
    });
    const inline = await runTasks(tasks(mkdtempSync(join(tmpdir(), 'sb-pool-'))), {
      parallel: 1,
      onRun,
    });
    const bySeed = (rs: CellRun[]) => [...rs].sort((a, b) => a.seed - b.seed);
    for (const [t, i] of bySeed(threaded).map((r, k) => [r, bySeed(inline)[k]!] as const)) {
      expect(t.error).toBeUndefined();
      expect(t.runDir).not.toBeNull();
      expect(t.checkers).toEqual(i.checkers);
      expect(history(t)).toBe(history(i));
    }
  }, 120_000);
});
