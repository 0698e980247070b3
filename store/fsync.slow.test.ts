// --fsync on real store processes, and what can honestly be forced here.
// SIGKILL kills the process, not the machine: the kernel keeps what was
// written in its page cache, so neither setting loses an acknowledged write
// to it, and this test shows that. A power loss cannot be forced here, so
// the kernel is asked instead (cachestat, store/testing/page-cache.ts): a
// dirty page of the data file is written but not on the disk, exactly what a
// power loss would take. Under --fsync always no acknowledged write leaves
// one; under never they do. fsync.sim.test.ts forces the power loss itself.
// Also here: the node's stderr warning for semi-sync below a majority.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from './testing/free-port.ts';
import { pageCache, pageCacheUnavailable } from './testing/page-cache.ts';

type Proc = ResultPromise<{ reject: false }>;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-fsync-'));
const procs = new Set<Proc>();
afterEach(() => {
  for (const p of procs) if (p.pid !== undefined && p.exitCode === null) p.kill('SIGKILL');
  procs.clear();
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Started {
  readonly proc: Proc;
  readonly port: number;
  readonly dataFile: string;
  /** What the node wrote on stderr until it was ready. */
  readonly stderr: () => string;
}

/** Starts node n1 of `nodes` (the others need not exist) and waits for its ready line. */
async function startNode(dir: string, args: readonly string[], nodes = 1): Promise<Started> {
  const port = await freePort();
  const argv = ['--import', 'tsx', 'store/main.ts', '--id', 'n1', '--client-port', String(port)];
  argv.push('--peer-port', String(await freePort()), '--data-dir', dir, ...args);
  for (let i = 2; i <= nodes; i++) argv.push('--peer', `n${i}=127.0.0.1:${await freePort()}`);
  const proc = execa(process.execPath, argv, {
    reject: false,
    cwd: path.resolve(import.meta.dirname, '..'),
  });
  procs.add(proc);
  let err = '';
  proc.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('ready n1 ')) resolve();
    });
    void proc.then((r) => reject(new Error(`n1 exited early (${r.exitCode}): ${r.stderr}`)));
  });
  return { proc, port, dataFile: path.join(dir, 'data.jsonl'), stderr: () => err };
}

async function post(port: number, route: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${port}${route}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

async function killed(s: Started): Promise<void> {
  s.proc.kill('SIGKILL');
  await s.proc;
}

const unavailable = pageCacheUnavailable(root);

describe.skipIf(unavailable !== null)(`--fsync on the real data file ${unavailable ?? ''}`, () => {
  it.each([
    ['always', 'none'],
    ['never', 'some'],
  ] as const)(
    '--fsync %s: dirty pages after acknowledged writes (what a power loss takes): %s',
    async (fsync, _expected) => {
      const s = await startNode(path.join(root, `dirty-${fsync}`), ['--fsync', fsync]);
      let dirtiest = 0;
      for (let v = 1; v <= 5; v++) {
        expect(await post(s.port, '/write', { key: 'k', value: v })).toMatchObject({ ok: true });
        // Right after the acknowledgement; the kernel writes dirty pages back only after ~30 s.
        const pc = pageCache(s.dataFile);
        dirtiest = Math.max(dirtiest, pc.dirty + pc.writeback);
      }
      if (fsync === 'always') expect(dirtiest).toBe(0);
      else expect(dirtiest).toBeGreaterThan(0);
      await killed(s);
    },
  );
});

describe.skipIf(unavailable !== null)(
  `group commit on the real data file ${unavailable ?? ''}`,
  () => {
    it('40 concurrent writes: no page dirty once all are acknowledged; all survive SIGKILL', async () => {
      const dir = path.join(root, 'concurrent-always');
      const s = await startNode(dir, ['--fsync', 'always']);
      const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
      const replies = await Promise.all(
        keys.map((key, i) => post(s.port, '/write', { key, value: i })),
      );
      for (const r of replies) expect(r).toMatchObject({ ok: true });
      // Nothing is in flight now: a dirty page would be an acknowledged record the fsync missed.
      const pc = pageCache(s.dataFile);
      expect(pc.dirty + pc.writeback).toBe(0);
      await killed(s);
      const again = await startNode(dir, ['--fsync', 'always']);
      const read = await post(again.port, '/read', { keys });
      expect(read.values).toEqual(Object.fromEntries(keys.map((k, i) => [k, i])));
      await killed(again);
    });
  },
);

describe('--fsync never under SIGKILL', () => {
  it('loses no acknowledged write: the kernel keeps the page cache of a killed process', async () => {
    const dir = path.join(root, 'sigkill-never');
    const s = await startNode(dir, ['--fsync', 'never']);
    for (let v = 1; v <= 20; v++)
      expect(await post(s.port, '/write', { key: `k${v}`, value: v })).toMatchObject({ ok: true });
    await killed(s);
    const again = await startNode(dir, ['--fsync', 'never']);
    const keys = Array.from({ length: 20 }, (_, i) => `k${i + 1}`);
    const read = await post(again.port, '/read', { keys });
    expect(read.values).toEqual(Object.fromEntries(keys.map((k, i) => [k, i + 1])));
    await killed(again);
  });
});

describe('the node warns on stderr of settings that can lose acknowledged writes', () => {
  const semiSync = ['--replication', 'semi-sync', '--sync-followers', '1'];
  const failover = ['--failover-timeout-ms', '1000'];

  it('semi-sync 1 follower with failover on 5 nodes', async () => {
    const s = await startNode(path.join(root, 'warn-5'), [...semiSync, ...failover], 5);
    expect(s.stderr()).toMatch(
      /^n1 warning: --replication semi-sync --sync-followers 1 with failover on 5 nodes can lose acknowledged writes/,
    );
    await killed(s);
  });

  it('and not on 3 nodes, where the leader and 1 follower are a majority', async () => {
    const s = await startNode(path.join(root, 'warn-3'), [...semiSync, ...failover], 3);
    expect(s.stderr()).toBe('');
    await killed(s);
  });
});
