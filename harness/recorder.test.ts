import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../core/client.ts';
import { realClock } from '../core/clock.ts';
import type { Cluster } from '../core/cluster.ts';
import { clients, fn, limit } from '../core/generator/combinators.ts';
import { parseHistory } from '../core/history.ts';
import { createRng } from '../core/rng.ts';
import { noopNemesis } from '../nemesis/nemesis.ts';
import { interpret } from './interpreter.ts';
import { fileRecorder } from './recorder.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function historyPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'splitbrain-recorder-'));
  dirs.push(dir);
  return join(dir, 'history.jsonl');
}

describe('file recorder', () => {
  it('an invoke is in the file before its client is called; completions before the next requests', async () => {
    const path = historyPath();
    const recorder = fileRecorder(path);
    // What the file held at each client call: a controller killed then would leave exactly that.
    const seen: { value: unknown; lines: number; invokes: number; completions: number }[] = [];
    const factory: ClientFactory = {
      open: async () => ({
        invoke: async (op) => {
          const ops = parseHistory(readFileSync(path, 'utf8'));
          seen.push({
            value: op.value,
            lines: ops.length,
            invokes: ops.filter((o) => o.type === 'invoke').length,
            completions: ops.filter((o) => o.type !== 'invoke').length,
          });
          return { type: 'ok', value: op.value };
        },
        close: async () => {},
      }),
    };
    let n = 0;
    await interpret({
      generator: clients(
        limit(
          20,
          fn(() => ({ f: 'w', value: n++ })),
        ),
      ),
      concurrency: 3,
      clients: factory,
      nodes: [],
      nemesis: noopNemesis,
      nemesisContext: { cluster: {} as Cluster, random: () => 0.5 },
      recorder,
      rng: createRng(1),
      clock: realClock(),
      opTimeoutMs: 1000,
    });
    expect(seen).toHaveLength(20);
    seen.forEach((s, i) => {
      // Op i's own invoke, and every earlier one, is on disk when its client runs.
      expect(s.invokes, `invokes on disk when op ${i} was sent`).toBeGreaterThanOrEqual(i + 1);
      // With 3 sessions, op i was sent after ops 0..i-3 completed, and those completions are on disk.
      expect(s.completions, `completions on disk when op ${i} was sent`).toBeGreaterThanOrEqual(
        Math.max(0, i - 2),
      );
    });
    recorder.close();
    const all = parseHistory(readFileSync(path, 'utf8'));
    expect(all).toHaveLength(40);
    expect(all.map((o) => o.index)).toEqual([...Array(40).keys()]);
  });

  it('writes what nobody flushed at close, and refuses appends after it', () => {
    const path = historyPath();
    const recorder = fileRecorder(path);
    recorder.append({ type: 'info', process: 'monitor', f: 'lag', value: {}, time: 1 });
    expect(readFileSync(path, 'utf8')).toBe('');
    recorder.close();
    expect(parseHistory(readFileSync(path, 'utf8'))).toHaveLength(1);
    expect(() =>
      recorder.append({ type: 'info', process: 'monitor', f: 'lag', value: {}, time: 2 }),
    ).toThrow(/closed/);
  });
});
