// What --fsync always and never each lose, in the simulated world, where a
// power loss can really be forced: records written but never synced are in
// the (simulated) page cache, which a crash of the node keeps and a power
// loss drops. A real process cannot be power-cut here; fsync.slow.test.ts
// shows the same on the real data file through the kernel's page cache.
import { describe, expect, it } from 'vitest';
import { SimWorld } from './memory.ts';
import { StoreNode } from './node.ts';
import { nodeSetup } from './options.ts';

/** A cluster of real store cores on the simulated world; nodes restart on the same storage. */
function cluster(ids: readonly string[], storeArgs: readonly string[], groupCommit = false) {
  const world = new SimWorld({ seed: 7, groupCommit });
  const nodes = new Map<string, StoreNode>();
  /** Messages a node sent while a record it had appended was not yet synced. */
  const early: string[] = [];
  const start = (id: string) => {
    const p = world.ports(id);
    const send = (to: string, msg: unknown) => {
      if (world.storage(id).unsynced > 0) early.push(`${id}>${to}`);
      p.transport.send(to, msg);
    };
    const ports = { ...p, transport: { ...p.transport, send } };
    const node = new StoreNode(nodeSetup(id, ids, storeArgs), ports);
    node.start();
    nodes.set(id, node);
  };
  ids.forEach(start);
  const node = (id: string) => nodes.get(id)!;
  return {
    world,
    node,
    start,
    early,
    async write(key: string, value: number) {
      const pending = node(ids[0]!).write(key, value);
      let done = false;
      void pending.then(() => (done = true));
      await world.until(() => done);
      return pending;
    },
    async read(id: string, key: string) {
      const pending = node(id).read([key]);
      let done = false;
      void pending.then(() => (done = true));
      await world.until(() => done);
      const r = await pending;
      if (!r.ok) throw new Error(`read refused: ${r.message}`);
      return r.values[key] ?? null;
    },
    /** Stops the node's core and applies the fault to its machine. */
    fail(id: string, how: 'crash' | 'power loss') {
      node(id).stop();
      return how === 'crash' ? (world.crash(id), 0) : world.powerLoss(id);
    },
  };
}

const ONE = ['n1'];
const THREE = ['n1', 'n2', 'n3'];

describe('--fsync on one node', () => {
  it.each([
    ['always', 'crash', 7],
    ['never', 'crash', 7],
    ['always', 'power loss', 7],
    ['never', 'power loss', null],
  ] as const)('--fsync %s, %s after an acknowledged write: reads %j', async (fsync, how, read) => {
    const c = cluster(ONE, ['--fsync', fsync]);
    expect((await c.write('k', 7)).ok).toBe(true);
    c.fail('n1', how);
    c.start('n1');
    expect(await c.read('n1', 'k')).toBe(read);
  });

  it('always syncs once per record it persists, and never not at all', async () => {
    for (const [fsync, expected] of [
      ['always', (records: number) => records],
      ['never', () => 0],
    ] as const) {
      const c = cluster(ONE, ['--fsync', fsync]);
      for (let v = 1; v <= 5; v++) expect((await c.write('k', v)).ok).toBe(true);
      const storage = c.world.storage('n1');
      expect(storage.records.length).toBeGreaterThanOrEqual(5);
      expect(storage.syncs).toBe(expected(storage.records.length));
    }
  });

  it('defaults to always', async () => {
    const c = cluster(ONE, []);
    expect((await c.write('k', 3)).ok).toBe(true);
    expect(c.fail('n1', 'power loss')).toBe(0);
  });
});

describe('--fsync under sync replication, when every machine loses power at once', () => {
  // Group commit (a world with Turns, as a real process has) must keep the same promise.
  it.each([
    ['always', false, 9],
    ['never', false, null],
    ['always', true, 9],
    ['never', true, null],
  ] as const)(
    '--fsync %s, group commit %s: the acknowledged write reads back as %j',
    async (fsync, groupCommit, read) => {
      const c = cluster(THREE, ['--fsync', fsync, '--replication', 'sync'], groupCommit);
      expect((await c.write('k', 9)).ok).toBe(true);
      // Every replica held the write before it was acknowledged; replication does not help here.
      const lost = THREE.map((id) => c.fail(id, 'power loss'));
      if (fsync === 'never') for (const n of lost) expect(n).toBeGreaterThan(0);
      THREE.forEach(c.start);
      await c.world.until(() => c.node('n1').status().role === 'leader');
      for (const id of THREE) expect(await c.read(id, 'k')).toBe(read);
    },
  );
});

describe('group commit: a world with Turns, as a real process has', () => {
  it.each([
    ['syncing each record', false],
    ['with group commit', true],
  ] as const)(
    'writes issued together: no node sends before its records are synced, %s',
    async (_how, groupCommit) => {
      const c = cluster(THREE, ['--replication', 'sync'], groupCommit);
      await c.world.until(() => c.node('n1').status().role === 'leader');
      const syncs0 = THREE.map((id) => c.world.storage(id).syncs);
      const records0 = THREE.map((id) => c.world.storage(id).records.length);
      const writes = Array.from({ length: 10 }, (_, i) => c.node('n1').write(`k${i}`, i));
      let done = 0;
      for (const w of writes) void w.then(() => done++);
      await c.world.until(() => done === writes.length);
      for (const w of writes) expect((await w).ok).toBe(true);
      expect(c.early).toEqual([]);
      THREE.forEach((id, i) => {
        const syncs = c.world.storage(id).syncs - syncs0[i]!;
        const records = c.world.storage(id).records.length - records0[i]!;
        expect(records, id).toBeGreaterThanOrEqual(10);
        // The leader's ten entries share a sync, each follower's too, then the commit points'.
        if (groupCommit) expect(syncs, id).toBeLessThanOrEqual(3);
        else expect(syncs, id).toBe(records);
      });
    },
  );
});
