import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { splitGrudge } from '../core/cluster.ts';
import { resolveRunConfig } from '../harness/config.ts';
import { executeRun } from '../harness/execute.ts';
import { externalBackend, externalCapabilities, fillTemplate } from './index.ts';

describe('external backend', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'splitbrain-external-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('offers a fault only when every hook it needs was given', () => {
    const caps = externalCapabilities({ kill: ['true'], start: ['true'], pause: ['true'] });
    const avail = Object.fromEntries(caps.map((c) => [c.kind, c.available]));
    expect(avail).toEqual({
      partition: false,
      kill: true,
      pause: false,
      clock: false,
      link: false,
    });
    expect(caps.find((c) => c.kind === 'pause')!.detail).toContain('--hook-resume');
  });

  it('fills placeholders per argument, never through a shell', () => {
    const argv = fillTemplate(['ssh', '{host}', 'kill $(pidof x); {node}'], {
      host: 'h1',
      node: 'n1',
    });
    expect(argv).toEqual(['ssh', 'h1', 'kill $(pidof x); n1']);
  });

  it('runs a hook per node with that node filled in', async () => {
    const c = await externalBackend(['127.0.0.1:7001', '127.0.0.1:7002'], {
      kill: ['touch', join(dir, '{node}-{port}.killed')],
      partition: ['touch', join(dir, '{node}-drops-{drops}')],
      heal: ['touch', join(dir, '{node}.healed')],
    }).up({ nodeCount: 2, storeArgs: [], dir });
    await c.kill('n2');
    expect(existsSync(join(dir, 'n2-7002.killed'))).toBe(true);
    await c.partition(splitGrudge([['n1'], ['n2']]));
    expect(existsSync(join(dir, 'n1-drops-n2'))).toBe(true);
    expect(existsSync(join(dir, 'n2.healed'))).toBe(true);
    await expect(c.pause('n1')).rejects.toThrow('--hook-pause');
    rmSync(join(dir, 'n1.healed'));
    // A grudge naming a node that is not there fails before any hook runs.
    await expect(c.partition(new Map([['n1', new Set(['n3'])]]))).rejects.toThrow(
      'unknown node "n3"; nodes are n1, n2',
    );
    expect(existsSync(join(dir, 'n1.healed'))).toBe(false);
  });

  it('a fault without a hook is an error before any client op', async () => {
    const config = resolveRunConfig(
      {
        backend: 'external',
        system: 'redis',
        nodes: '127.0.0.1:1,127.0.0.1:2',
        nemesis: 'pause',
        out: dir,
        test: 'ext',
      },
      1,
    );
    expect(config.nodes).toBe(2);
    await expect(executeRun(config, { log: () => {} })).rejects.toThrow(/pause.*--hook-pause/s);
  });
});
