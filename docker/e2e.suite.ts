// End to end in containers: the whole `splitbrain run --backend docker`, as a
// user runs it, and proof that no run — finished, interrupted or killed —
// leaves a labelled container, network or host rule behind.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupDocker, leftovers } from './cleanup.ts';
import { runIdFor } from './docker-cluster.ts';
import { connect } from './engine.ts';
import { eventually, facts, sleepMs } from './test-support.ts';

/** Partitions need root (nsenter); elsewhere the interrupted runs kill nodes instead. */
const FAULT = facts.netnsBlocker === null ? 'partition' : 'kill';

const BIN = new URL('../bin/splitbrain.js', import.meta.url).pathname;
let dir = '';

const args = (test: string, ...rest: string[]) => [
  BIN,
  'run',
  '--backend',
  'docker',
  '--out',
  dir,
  '--test',
  test,
  ...rest,
];
const run = (test: string, ...rest: string[]) =>
  execa(process.execPath, args(test, ...rest), {
    reject: false,
    env: { NO_COLOR: '1' },
    timeout: 180_000,
  });
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** The run directory of a test name, once the controller has made it. */
function runDirOf(test: string): string | null {
  const base = join(dir, test);
  if (!existsSync(base)) return null;
  const first = readdirSync(base)[0];
  return first === undefined ? null : join(base, first);
}

/** Waits until the run's containers are up and clients are recording ops. */
async function waitUntilRunning(test: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const runDir = runDirOf(test);
    const history = runDir && join(runDir, 'history.jsonl');
    if (history && existsSync(history) && readFileSync(history, 'utf8').split('\n').length > 50)
      return runDir;
    await sleepMs(100);
  }
  throw new Error(`run ${test} recorded no ops within 60 s`);
}

async function expectNothingLeft(runId: string, subnet: string | null): Promise<void> {
  expect(await leftovers({ runId })).toEqual({ containers: [], networks: [] });
  if (subnet !== null) {
    // Docker's own host rules for the run's bridge (NAT, isolation) go with the network.
    const rules = await execa('iptables-save', [], { reject: false });
    expect(rules.stdout).not.toContain(subnet);
  }
}

async function subnetOf(runId: string): Promise<string | null> {
  const [net] = await leftovers({ runId }).then((l) => l.networks);
  if (net === undefined) return null;
  const info = await connect().getNetwork(net).inspect();
  return info.IPAM?.Config?.[0]?.Subnet ?? null;
}

export function e2eSuite(): void {
  describe('splitbrain run --backend docker', { timeout: 180_000 }, () => {
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'splitbrain-docker-e2e-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.skipIf(facts.netnsBlocker !== null)(
      'async replication, reads from any node, partitions: read-your-writes is violated',
      async () => {
        const res = await run(
          'ryw-any',
          ...['--seed', '7', '--time-limit', '8', '--rate', '150'],
          ...['--nemesis', 'partition', '--nemesis-interval', '2', '--read-from', 'any'],
        );
        expect(res.exitCode, res.stdout + res.stderr).toBe(1);
        expect(res.stderr).toMatch(/image splitbrain-store:\w+ (built|cached)/);
        const runDir = runDirOf('ryw-any')!;
        const results = readJson(join(runDir, 'results.json'));
        expect(results['read-your-writes'].valid).toBe(false);
        const logs = readdirSync(join(runDir, 'nodes')).filter((f) => f.endsWith('.log'));
        expect(logs).toHaveLength(3);
        expect(readFileSync(join(runDir, 'nodes', 'n1.log'), 'utf8')).toContain('ready n1');
        const history = readFileSync(join(runDir, 'history.jsonl'), 'utf8');
        expect(history).toMatch(/"process":"nemesis","f":"start-partition"/);
        await expectNothingLeft(runIdFor(runDir), null);
      },
    );

    it('reads from the leader with no faults: every guarantee holds', async () => {
      const res = await run(
        'leader-clean',
        ...['--seed', '11', '--time-limit', '4', '--rate', '100'],
        ...['--nemesis', 'none', '--read-from', 'leader'],
      );
      expect(res.exitCode, res.stdout + res.stderr).toBe(0);
      const results = readJson(join(runDirOf('leader-clean')!, 'results.json'));
      expect(results.valid).toBe(true);
      await expectNothingLeft(runIdFor(runDirOf('leader-clean')!), null);
    });

    it('Ctrl-C: the run heals, checks, reports and removes its containers', async () => {
      const child = execa(
        process.execPath,
        args('sigint', '--time-limit', '60', '--nemesis', FAULT),
        {
          reject: false,
          env: { NO_COLOR: '1' },
        },
      );
      const runDir = await waitUntilRunning('sigint');
      const runId = runIdFor(runDir);
      const subnet = await subnetOf(runId);
      expect((await leftovers({ runId })).containers).toHaveLength(3);
      child.kill('SIGINT');
      const res = await child;
      // Interrupted before the nemesis struck, run-health says the fault never took effect (2).
      expect([0, 1, 2], res.stderr).toContain(res.exitCode);
      expect(existsSync(join(runDir, 'results.json'))).toBe(true);
      await expectNothingLeft(runId, subnet);
    });

    it('a second Ctrl-C exits at once, and the exit hook still removes the containers', async () => {
      const child = execa(
        process.execPath,
        args('sigint2', '--time-limit', '60', '--nemesis', 'none'),
        {
          reject: false,
          env: { NO_COLOR: '1' },
        },
      );
      const runDir = await waitUntilRunning('sigint2');
      const runId = runIdFor(runDir);
      const subnet = await subnetOf(runId);
      child.kill('SIGINT');
      await sleepMs(50);
      child.kill('SIGINT');
      const res = await child;
      expect(res.exitCode, res.stderr).toBe(130);
      await expectNothingLeft(runId, subnet);
    });

    it('a SIGKILLed controller leaves containers that cleanup removes entirely', async () => {
      const child = execa(
        process.execPath,
        args('killed', '--time-limit', '60', '--nemesis', FAULT, '--nemesis-interval', '1'),
        {
          reject: false,
          env: { NO_COLOR: '1' },
        },
      );
      const runDir = await waitUntilRunning('killed');
      const runId = runIdFor(runDir);
      const subnet = await subnetOf(runId);
      expect(subnet).toMatch(/^10\.77\.\d+\.0\/24$/);
      child.kill('SIGKILL');
      await child;
      // Nothing ran down(): the containers are still there, as after a crash...
      const left = await leftovers({ runId });
      expect(left.containers).toHaveLength(3);
      expect(left.networks).toHaveLength(1);
      // ...but their stdin watchdogs saw the controller go and the nodes stopped.
      const running = async () =>
        (
          await connect().listContainers({
            filters: { label: [`splitbrain.run=${runId}`], status: ['running'] },
          })
        ).length;
      expect(await eventually(async () => (await running()) === 0, 10_000)).toBe(true);
      const doctor = await execa(process.execPath, [BIN, 'doctor', '--cleanup'], {
        reject: false,
        env: { NO_COLOR: '1' },
      });
      expect(doctor.exitCode, doctor.stderr).toBe(0);
      expect(doctor.stdout).toMatch(/removed [1-9]\d* container/);
      await expectNothingLeft(runId, subnet);
      // The library call behind it is idempotent: nothing more to remove.
      expect(await cleanupDocker({ runId })).toEqual({ containers: [], networks: [] });
    });

    it('SIGINT to a program that does not handle it still removes its cluster', async () => {
      const fixture = new URL('./fixtures/hold-cluster.ts', import.meta.url).pathname;
      const child = execa(process.execPath, ['--import', 'tsx', fixture, join(dir, 'held')], {
        reject: false,
      });
      let out = '';
      child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
      expect(await eventually(async () => out.includes('up '), 60_000)).toBe(true);
      const runId = /up (\w+)/.exec(out)![1]!;
      const subnet = await subnetOf(runId);
      expect((await leftovers({ runId })).containers).toHaveLength(1);
      child.kill('SIGINT');
      const res = await child;
      expect(res.signal).toBe('SIGINT');
      await expectNothingLeft(runId, subnet);
    });
  });
}
