// Node logs of a simulated run carry the simulated time of each line, on the
// same clock as the history, so a log line lines up with the ops around it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHistory } from '../core/history.ts';
import { resolveRunConfig } from '../harness/config.ts';
import { executeRun } from '../harness/execute.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-sim-log-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('simulated node logs', () => {
  it('stamp every line with the simulated time the history uses', async () => {
    const schedule = join(out, 'clock.json');
    writeFileSync(
      schedule,
      JSON.stringify({
        ops: [
          { atS: 1.5, f: 'bump-clock', value: { target: 'n2', deltaMs: 12000 } },
          { atS: 2.5, f: 'reset-clock', value: 'all' },
        ],
      }),
    );
    const config = resolveRunConfig(
      { backend: 'sim', out, test: 'sim-log', timeLimit: 3, seed: 1, nemesisSchedule: schedule },
      1,
    );
    const { runDir } = await executeRun(config, { log: () => {} });
    const lines = readFileSync(join(runDir, 'nodes', 'n2.log'), 'utf8')
      .trim()
      .split('\n');
    for (const l of lines) expect(l).toMatch(/^\[sim \d+\.\d{3} s\] /);
    const bump = parseHistory(readFileSync(join(runDir, 'history.jsonl'), 'utf8')).find(
      (o) => o.process === 'nemesis' && o.f === 'bump-clock' && o.type === 'info',
    )!;
    const logged = lines.find((l) => l.endsWith('clock offset set to 12000 ms'));
    expect(logged).toBe(`[sim ${(bump.time / 1e9).toFixed(3)} s] clock offset set to 12000 ms`);
  });
});
