import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { splitGrudge } from '../core/cluster.ts';
import { resolveRunConfig } from '../harness/config.ts';
import { executeRun } from '../harness/execute.ts';
import { RunFailure } from '../harness/run.ts';
import { externalBackend, externalCapabilities, fillTemplate } from './index.ts';

/** Real TCP listeners on free loopback ports, closed after each test: a cluster that answers. */
const servers: Server[] = [];
async function listening(n: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = createServer((sock) => sock.destroy());
    servers.push(s);
    await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
    ports.push((s.address() as AddressInfo).port);
  }
  return ports;
}

/** A loopback port nobody listens on (bound, then closed). */
async function deadPort(): Promise<number> {
  const [p] = await listening(1);
  await new Promise<void>((ok) => servers.pop()!.close(() => ok()));
  return p!;
}

describe('external backend', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'splitbrain-external-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all(servers.splice(0).map((s) => new Promise((ok) => s.close(ok))));
  });

  it('refuses to start against nodes that do not answer, naming each one (exit 3)', async () => {
    const [up] = await listening(1);
    const down = await deadPort();
    const config = resolveRunConfig(
      {
        backend: 'external',
        nodes: `127.0.0.1:${up},127.0.0.1:${down}`,
        nemesis: 'none',
        timeLimit: 1,
        out: dir,
        test: 'ext-down',
      },
      1,
    );
    const err = await executeRun(config, { log: () => {} }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RunFailure);
    expect((err as Error).message).toContain(
      `1 of 2 nodes do not answer: n2 at 127.0.0.1:${down} (ECONNREFUSED)`,
    );
    expect((err as Error).message).not.toContain('n1 at');
  });

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
    const [p1, p2] = await listening(2);
    const c = await externalBackend([`127.0.0.1:${p1}`, `127.0.0.1:${p2}`], {
      kill: ['touch', join(dir, '{node}-{port}.killed')],
      partition: ['touch', join(dir, '{node}-drops-{drops}')],
      heal: ['touch', join(dir, '{node}.healed')],
    }).up({ nodeCount: 2, storeArgs: [], dir });
    await c.kill('n2');
    expect(existsSync(join(dir, `n2-${p2}.killed`))).toBe(true);
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
