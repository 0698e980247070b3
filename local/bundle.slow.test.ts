// Store nodes start from the prebuilt bundle when it is up to date (the
// CLI's `store` command, as `splitbrain` itself would run), and through tsx
// from store/main.ts when it is not: the same store either way.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../core/cluster.ts';
import { nodesDirOf } from '../kit/cluster-nodes.ts';
import { getStatus, nodeOf, postWrite } from '../harness/testing/store-api.ts';
import { until } from '../harness/testing/until.ts';
import { STORE_ENTRY, storeLauncher } from '../systems/store/launcher.ts';
import { localBackend } from './index.ts';
import { nodeCommand } from './node-process.ts';

const ROOT = resolve(import.meta.dirname, '..');
// Inside the clone: the bundle finds its packages in the clone's node_modules.
mkdirSync(join(ROOT, 'tmp'), { recursive: true });
const buildDir = mkdtempSync(join(ROOT, 'tmp', 'local-bundle-test-'));
const dist = join(buildDir, 'dist');
const before = process.env.SPLITBRAIN_BUNDLE;

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js'), dist], { stdio: 'ignore' });
  process.env.SPLITBRAIN_BUNDLE = dist;
}, 120_000);
afterAll(() => {
  if (before === undefined) delete process.env.SPLITBRAIN_BUNDLE;
  else process.env.SPLITBRAIN_BUNDLE = before;
  rmSync(buildDir, { recursive: true, force: true });
});

const launch = { entry: STORE_ENTRY, cliCommand: ['store'], args: ['--id', 'n1'] };

describe('which program a store node runs', () => {
  it('the CLI from an up-to-date bundle, with no TypeScript loader', () => {
    const argv = nodeCommand(launch);
    expect(argv).not.toContain('tsx');
    expect(argv.slice(-4)).toEqual([join(ROOT, 'bin', 'splitbrain.js'), 'store', '--id', 'n1']);
  });

  it('store/main.ts through tsx without a bundle, or for a launcher that names no command', () => {
    process.env.SPLITBRAIN_BUNDLE = join(buildDir, 'missing');
    try {
      expect(nodeCommand(launch)).toEqual(
        expect.arrayContaining(['tsx', STORE_ENTRY, '--id', 'n1']),
      );
    } finally {
      process.env.SPLITBRAIN_BUNDLE = dist;
    }
    const { cliCommand: _, ...plain } = launch;
    expect(nodeCommand(plain)).toContain('tsx');
  });
});

describe('a local cluster from the bundle', () => {
  let c: Cluster;
  const dir = mkdtempSync(join(tmpdir(), 'splitbrain-bundle-store-'));
  beforeAll(async () => {
    c = await localBackend({ launcher: storeLauncher() }).up({ nodeCount: 3, storeArgs: [], dir });
  }, 60_000);
  afterAll(async () => {
    await c?.down();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs `splitbrain store` in each node, replicates, and restarts a killed node', async () => {
    for (const n of c.nodes) {
      const pid = readFileSync(join(nodesDirOf(dir), `${n.id}.pid`), 'utf8').trim();
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline).toContain('store');
      expect(cmdline.some((a) => a.endsWith('splitbrain.js'))).toBe(true);
    }
    const w = await postWrite(nodeOf(c, 'n1'), 'k', 1);
    expect(w.ok).toBe(true);
    const lsnOf = async (id: string) => (await getStatus<{ lsn: number }>(nodeOf(c, id))).lsn;
    await until(async () => (await lsnOf('n2')) >= w.lsn!, 5000);
    await c.kill('n2');
    await c.start('n2');
    expect(await lsnOf('n2')).toBeGreaterThanOrEqual(w.lsn!);
  });
});
