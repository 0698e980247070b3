// The one contract every backend passes (local, Docker, simulation,
// external): a 3-node cluster starts, a client writes and reads through it,
// and each fault the backend says it can deliver really takes effect and is
// really undone: partition and heal, kill and restart, pause and resume,
// clock. A fault its capabilities refuse is skipped with their reason in the
// test's name, never silently. Every check forces its condition (a cut
// link, a dead or frozen node) rather than hoping for it.
//
// It speaks only the core contracts (Backend, Cluster, SystemRun, Client),
// so it imports no backend and no system: each backend's test passes its
// own environment and the system it runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Completion } from '../../core/client.ts';
import type { Clock } from '../../core/clock.ts';
import { splitGrudge, type Backend, type Cluster, type FaultKind } from '../../core/cluster.ts';
import type { SystemRun } from '../../core/system.ts';
import { createRng } from '../../core/rng.ts';

export interface ContractEnvironment {
  readonly clock: Clock;
  /** Runs fn while the environment's time moves (the simulation's driver). */
  drive<T>(fn: () => Promise<T>): Promise<T>;
  readonly backend: Backend;
  /** The system whose nodes the backend runs (our store), wired on this clock. */
  readonly system: SystemRun;
}

export interface BackendUnderContract {
  readonly name: string;
  /** Why the backend cannot run here at all (the skip reason), or null. */
  readonly unavailable: string | null;
  /** The nodes are someone else's (an external cluster): down() leaves them running. */
  readonly keepsNodes?: boolean;
  /** A fresh environment: clock, time, the backend and the system it runs. */
  environment(): ContractEnvironment;
  /** A node's own wall-clock reading in ms, as the system reports it; null without an answer. */
  clockMs(cluster: Cluster, id: string, clock: Clock): Promise<number | null>;
}

const OP_TIMEOUT_MS = 2000;
const SETTLE_MS = 20_000;
const HOUR_MS = 3_600_000;
/** Two nodes' clocks read a moment apart agree within this, unless one is skewed. */
const CLOCK_SLACK_MS = 60_000;

/** Polls check on the environment's clock until it holds or timeoutMs passed. */
async function eventually(clock: Clock, timeoutMs: number, check: () => Promise<boolean>) {
  const deadlineNs = clock.nowNs() + timeoutMs * 1e6;
  while (clock.nowNs() < deadlineNs) {
    if (await check()) return true;
    await clock.sleepMs(100);
  }
  return check();
}

export function backendContract(b: BackendUnderContract): void {
  const title = `${b.name} backend contract`;
  if (b.unavailable !== null) {
    describe(title, () => it.skip(`skipped: ${b.unavailable}`, () => {}));
    return;
  }
  const env = b.environment();
  const { system } = env;
  const caps = env.backend.capabilities?.() ?? [];
  /** "" when the backend delivers the fault here, else why not. */
  const refused = (kind: FaultKind) => {
    const c = caps.find((x) => x.kind === kind);
    return c?.available ? '' : (c?.detail ?? 'not offered');
  };
  const faultTest = (kind: FaultKind, name: string, body: () => Promise<void>) => {
    const why = refused(kind);
    if (why !== '') it.skip(`${name} — skipped: ${why}`, () => {});
    else it(name, () => env.drive(body), 120_000);
  };

  describe(title, () => {
    let dir = '';
    let cluster: Cluster;
    let client: Client;

    /** One op through the client, timed out on the environment's clock. */
    const invoke = (f: string, value: unknown, node?: string): Promise<Completion> => {
      const ac = new AbortController();
      void env.clock.sleepMs(OP_TIMEOUT_MS).then(() => ac.abort());
      return client.invoke(
        { process: 0, f, value, ...(node ? { node } : {}) },
        { signal: ac.signal, timeoutMs: OP_TIMEOUT_MS },
      );
    };
    const write = (key: string, v: number) => invoke('write', [['w', key, v]]);
    /** The value node holds for key, or the completion when the read did not succeed. */
    const readOn = async (node: string, key: string): Promise<unknown> => {
      const c = await invoke('final-read', [['r', key, null]], node);
      return c.type === 'ok' ? (c.value as [string, string, unknown][])[0]![2] : c;
    };
    const holds = (node: string, key: string, v: number) =>
      eventually(env.clock, SETTLE_MS, async () => (await readOn(node, key)) === v);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `splitbrain-contract-${b.name}-`));
      cluster = await env.drive(() =>
        env.backend.up({ nodeCount: 3, storeArgs: system.nodeArgs, dir }),
      );
      const target = system.connect(cluster, createRng(1));
      client = await target.clients('kv').open(0, cluster.nodes);
    }, 120_000);

    afterAll(async () => {
      await env.drive(async () => {
        await client?.close();
        await cluster?.down();
      });
      rmSync(dir, { recursive: true, force: true });
    });

    it('starts n1..n3, and a client write reaches every node', () =>
      env.drive(async () => {
        expect(cluster.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3']);
        expect(await write('a', 1)).toMatchObject({ type: 'ok' });
        for (const id of ['n1', 'n2', 'n3']) expect(await holds(id, 'a', 1), id).toBe(true);
      }));

    faultTest('partition', 'a cut-off node misses a write until the partition heals', async () => {
      await cluster.partition(splitGrudge([['n1', 'n2'], ['n3']]));
      expect(await write('p', 2)).toMatchObject({ type: 'ok' });
      expect(await holds('n2', 'p', 2)).toBe(true);
      expect(await readOn('n3', 'p')).not.toBe(2);
      await cluster.heal();
      expect(await holds('n3', 'p', 2)).toBe(true);
    });

    faultTest('kill', 'a killed node answers nothing, and restarted catches up', async () => {
      await cluster.kill('n3');
      expect(await readOn('n3', 'a')).toMatchObject({ type: expect.stringMatching(/fail|info/) });
      expect(await write('k', 3)).toMatchObject({ type: 'ok' });
      await cluster.start('n3');
      expect(await holds('n3', 'k', 3)).toBe(true);
    });

    faultTest('pause', 'a paused node answers nothing until resumed', async () => {
      await cluster.pause('n2');
      expect(await readOn('n2', 'a')).toMatchObject({ type: expect.stringMatching(/fail|info/) });
      await cluster.resume('n2');
      expect(await holds('n2', 'a', 1)).toBe(true);
    });

    faultTest('clock', "a node's clock moves by the offset, and back", async () => {
      const skew = async () => {
        const [one, two] = [
          await b.clockMs(cluster, 'n1', env.clock),
          await b.clockMs(cluster, 'n2', env.clock),
        ];
        return one === null || two === null ? null : one - two;
      };
      await cluster.setClockOffset('n1', HOUR_MS);
      expect(Math.abs((await skew())! - HOUR_MS)).toBeLessThan(CLOCK_SLACK_MS);
      await cluster.setClockOffset('n1', 0);
      expect(Math.abs((await skew())!)).toBeLessThan(CLOCK_SLACK_MS);
    });

    it('down() stops every node, and a second down() is harmless', () =>
      env.drive(async () => {
        await cluster.down();
        await cluster.down();
        if (b.keepsNodes === true) return;
        for (const id of ['n1', 'n2', 'n3'])
          expect(await readOn(id, 'a'), id).toMatchObject({
            type: expect.stringMatching(/fail|info/),
          });
      }));
  });
}
