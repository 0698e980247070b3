// End to end on real processes: the whole `splitbrain run`, as a user runs it.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitbrain } from './testing/cli.ts';
import { alive } from './testing/alive.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHistory } from '../core/history.ts';

const dir = mkdtempSync(join(tmpdir(), 'splitbrain-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) =>
  splitbrain(['run', '--out', dir, ...args], { timeoutMs: 120_000 });

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe.sequential('splitbrain run on local processes', () => {
  it('async replication, reads from any node, partitions: read-your-writes is violated', async () => {
    // Every partition isolates a node (cutting a follower off the leader) for 2 s while
    // ~300 ops run; sessions read their own key from it at random, so a stale
    // read of one's own write is all but certain, not lucky.
    const res = await run(
      '--test',
      'ryw-any',
      '--seed',
      '7',
      '--time-limit',
      '8',
      '--rate',
      '150',
      '--nemesis',
      'partition',
      '--nemesis-interval',
      '2',
      '--partition-kinds',
      'isolate',
      '--read-from',
      'any',
    );
    expect(res.stdout).toContain('seed 7');
    expect(res.exitCode, res.stderr).toBe(1);
    const runDir = join(dir, 'latest');
    for (const f of ['config.json', 'history.jsonl', 'results.json', 'report.html', 'junit.xml']) {
      expect(existsSync(join(runDir, f)), f).toBe(true);
    }
    expect(readdirSync(join(runDir, 'nodes')).filter((f) => f.endsWith('.log'))).toHaveLength(3);
    const results = readJson(join(runDir, 'results.json'));
    expect(results.valid).toBe(false);
    const ryw = results['read-your-writes'];
    expect(ryw.valid).toBe(false);
    const history = parseHistory(readFileSync(join(runDir, 'history.jsonl'), 'utf8'));
    const a = ryw.anomalies[0];
    // The witness is a real write and a later read of the same key by the same process.
    const [wi, ri] = [a.ops[0], a.ops.at(-1)];
    const [write, read] = [history[wi]!, history[ri]!];
    expect(write.f).toBe('write');
    expect(read.f).toBe('read');
    expect(write.process).toBe(read.process);
    expect(history.some((o) => o.process === 'nemesis')).toBe(true);

    const again = await splitbrain(['check', runDir]);
    expect(again.exitCode).toBe(1);
    expect(readJson(join(runDir, 'results.json'))).toEqual(results);
  });

  it('reads from the leader with no faults: every guarantee holds', async () => {
    const res = await run(
      '--test',
      'leader-clean',
      '--seed',
      '11',
      '--time-limit',
      '4',
      '--rate',
      '100',
      '--nemesis',
      'none',
      '--read-from',
      'leader',
    );
    expect(res.exitCode, res.stdout + res.stderr).toBe(0);
    const results = readJson(join(dir, 'latest', 'results.json'));
    expect(results.valid).toBe(true);
    for (const id of ['read-your-writes', 'monotonic-reads', 'consistent-prefix']) {
      expect(results[id].valid, id).toBe(true);
    }
    const history = parseHistory(readFileSync(join(dir, 'latest', 'history.jsonl'), 'utf8'));
    expect(history.filter((o) => o.type === 'ok' && o.f === 'write').length).toBeGreaterThan(50);
    expect(history.filter((o) => o.f === 'final-read' && o.type === 'ok')).toHaveLength(3);
  });

  it('killing the controller mid-run leaves a parseable history', async () => {
    const child = splitbrain(
      ['run', '--out', dir, '--test', 'killed', '--time-limit', '30', '--nemesis', 'none'],
      { timeoutMs: 120_000 },
    );
    const historyPath = () =>
      join(dir, 'killed', readdirSync(join(dir, 'killed'))[0]!, 'history.jsonl');
    // Count only newline-terminated records: the file may end mid-write when it is read.
    const completeLines = () => readFileSync(historyPath(), 'utf8').split('\n').length - 1;
    let seen = 0;
    for (let i = 0; i < 300 && seen <= 100; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if (existsSync(join(dir, 'killed')) && existsSync(historyPath())) seen = completeLines();
    }
    child.kill('SIGKILL');
    await child;
    expect(seen, 'the run never wrote 100 history records').toBeGreaterThan(100);
    const runDir = join(historyPath(), '..');
    const history = parseHistory(readFileSync(historyPath(), 'utf8'));
    // Everything seen before the kill is still there, and nothing after it is torn.
    expect(history.length).toBeGreaterThanOrEqual(seen);
    // The nodes outlive a SIGKILLed controller only until they notice it is gone.
    await cleanupOrphans(runDir);
    const res = await splitbrain(['check', historyPath()]);
    expect([0, 1]).toContain(res.exitCode);
  });
});

/** Node processes notice the controller is gone; wait for them, then kill leftovers by pid. */
async function cleanupOrphans(runDir: string): Promise<void> {
  const pidFiles = readdirSync(join(runDir, 'nodes')).filter((f) => f.endsWith('.pid'));
  expect(pidFiles).toHaveLength(3);
  for (const f of pidFiles) {
    const pid = Number(readFileSync(join(runDir, 'nodes', f), 'utf8'));
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid), `node ${f} still running after the controller died`).toBe(false);
  }
}
