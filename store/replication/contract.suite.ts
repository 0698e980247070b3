// What every replication mode promises the core, whatever its topology:
// start from nothing and from its own records, acknowledge and serve writes
// (following its redirects), converge without faults, version every value,
// validate its own options, ignore what a peer should not have sent, tick
// without changing what clients see, report a JSON status inside the core's
// envelope, keep to JSON on the wire and on disk, be silent once stopped,
// and repeat exactly under a seed. contract.test.ts runs it for every mode
// in the registry; a new mode passes it before anything else.
import { expect, it } from 'vitest';
import type { ReadOk, ReadOutcome } from '../outcomes.ts';
import { ENVELOPE_FIELDS, isJson, isJsonObject, type Value } from '../protocol.ts';
import { nodeSetup } from '../options.ts';
import { ContractCluster, refusalText } from './contract-cluster.ts';

const IDS = ['n1', 'n2', 'n3'];
/** Virtual time a mode gets to converge with no faults and no load. */
const QUIET_MS = 3000;

function ok(r: ReadOutcome): ReadOk {
  if (!r.ok) throw new Error(`read refused: ${refusalText(r)}`);
  return r;
}

/** The reply's shape: every key in values and versions, siblings only as the core defines them. */
function checkShape(r: ReadOk, keys: readonly string[]): void {
  expect(Object.keys(r.values).sort()).toEqual([...keys].sort());
  expect(Object.keys(r.versions).sort()).toEqual([...keys].sort());
  for (const [k, list] of Object.entries(r.siblings ?? {})) {
    expect(keys).toContain(k);
    expect(list.length, `siblings of ${k}`).toBeGreaterThanOrEqual(2);
    expect(r.values[k], `value of ${k}, which has siblings`).toBeNull();
  }
  expect(isJson(r.versions) && isJson(r.values) && isJson(r.fields ?? null)).toBe(true);
}

/** The value every node serves for key once quiet, with its version. */
async function converged(c: ContractCluster, key: string): Promise<ReadOk[]> {
  await c.run(QUIET_MS);
  const reads: ReadOk[] = [];
  for (const id of c.nodes.keys()) reads.push(ok(await c.read(id, [key])));
  return reads;
}

type MakeCluster = (seed?: number) => ContractCluster;

/** Registers the contract's tests for a mode run with these store flags (and nodes that group commit). */
export function modeContract(storeArgs: readonly string[], groupCommit = false): void {
  const cluster: MakeCluster = (seed = 1) => new ContractCluster(IDS, storeArgs, seed, groupCommit);
  serving(cluster, storeArgs);
  robustness(cluster);
  durability(cluster);
}

/** Status, writes and reads, convergence. */
function serving(cluster: MakeCluster, storeArgs: readonly string[]): void {
  it('starts fresh and reports its status inside the envelope, as JSON', async () => {
    const c = cluster();
    await c.run(500);
    for (const id of IDS) {
      const s = c.node(id).status();
      expect(s).toMatchObject({ id, mode: c.node(id).setup.mode.name, clockOffsetMs: 0 });
      expect(typeof s.clockMs).toBe('number');
      expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    }
    // The mode's own fields never take the envelope's names.
    const replica = nodeSetup('n1', IDS, storeArgs).mode.create({
      ...c.world.ports('solo'),
      self: 'n1',
      nodes: IDS,
      send: () => {},
      persist: () => {},
    });
    replica.start([]);
    expect(
      Object.keys(replica.status()).filter((k) => ENVELOPE_FIELDS.includes(k as never)),
    ).toEqual([]);
    replica.stop();
  });

  it('acknowledges a write with a version and serves it on the node that took it', async () => {
    const c = cluster();
    const w = await c.write('n1', 'k', 'v1');
    expect(isJson(w.ok.version)).toBe(true);
    const r = ok(await c.read(w.node, ['k', 'never-written']));
    checkShape(r, ['k', 'never-written']);
    expect(r.values.k).toEqual('v1');
    expect(r.versions.k).toEqual(w.ok.version);
    expect(r.values['never-written']).toBeNull();
  });

  it('converges without faults: every node serves the last write with one version', async () => {
    const c = cluster();
    const first = await c.write('n2', 'k', 1);
    const last = await c.write('n3', 'k', 2);
    expect(last.ok.version).not.toEqual(first.ok.version);
    const reads = await converged(c, 'k');
    for (const r of reads) {
      expect(r.values.k).toBe(2);
      expect(r.versions.k).toEqual(last.ok.version);
    }
  });
}

/** What a client or a peer may get wrong, and time passing. */
function robustness(cluster: MakeCluster): void {
  it('validates its own read and write options, naming the one it does not know', async () => {
    const c = cluster();
    const read = await c.read('n1', ['k'], { noSuchOption: 1 });
    expect(read).toMatchObject({ ok: false, kind: 'bad-request', definite: true });
    expect(read.ok ? '' : read.message).toContain('noSuchOption');
    const write = await c.call('n1', (n) => n.write('k', 1, { noSuchOption: 1 }));
    expect(write).toMatchObject({ ok: false, kind: 'bad-request', definite: true });
    expect(write.ok ? '' : write.message).toContain('noSuchOption');
  });

  it('ignores garbage from peers and messages from nodes outside the cluster', async () => {
    const c = cluster();
    await c.write('n1', 'k', 1);
    for (const garbage of [null, 42, 'x', [], {}, { type: 'nonsense', shard: 99, term: -1 }])
      for (const id of IDS) c.node(id).receive(id === 'n1' ? 'n2' : 'n1', garbage);
    for (const m of c.emitted.messages.slice(0, 20)) c.node('n2').receive('n9', m.msg);
    const w = await c.write('n1', 'k', 2);
    for (const r of await converged(c, 'k')) expect(r.versions.k).toEqual(w.ok.version);
  });

  it('ticks without changing what clients see', async () => {
    const c = cluster();
    await c.write('n1', 'k', 1);
    const before = await converged(c, 'k');
    await c.run(5 * QUIET_MS);
    const after = await converged(c, 'k');
    expect(after.map((r) => [r.values, r.versions])).toEqual(
      before.map((r) => [r.values, r.versions]),
    );
  });
}

/** Records, messages, stopping and repeating. */
function durability(cluster: MakeCluster): void {
  it('restarts from its own records with what it served, then rejoins', async () => {
    const c = cluster();
    const values: Record<string, Value> = {};
    for (let i = 0; i < 10; i++) values[`k${i % 4}`] = i;
    for (const [k, v] of Object.entries(values)) await c.write('n1', k, v);
    await c.run(QUIET_MS);
    const keys = Object.keys(values);
    for (const id of IDS) {
      const before = ok(await c.read(id, keys));
      c.crash(id);
      c.start(id);
      const after = ok(await c.read(id, keys));
      expect([after.values, after.versions], `${id} after a restart`).toEqual([
        before.values,
        before.versions,
      ]);
      await c.run(QUIET_MS);
    }
    const w = await c.write('n2', 'k0', 'after');
    for (const r of await converged(c, 'k0')) expect(r.versions.k0).toEqual(w.ok.version);
  });

  it('keeps to JSON on the wire and on disk', async () => {
    const c = cluster();
    for (let i = 0; i < 5; i++) await c.write(IDS[i % 3]!, `k${i}`, { n: i, list: [i, null] });
    await c.run(QUIET_MS);
    expect(c.emitted.messages.length).toBeGreaterThan(0);
    expect(c.emitted.records.length).toBeGreaterThan(0);
    for (const m of c.emitted.messages) expect(isJson(m.msg), JSON.stringify(m)).toBe(true);
    for (const r of c.emitted.records)
      expect(isJsonObject(r.record) && isJson(r.record)).toBe(true);
  });

  it('is silent once stopped: no message, no timer', async () => {
    const c = cluster();
    await c.write('n1', 'k', 1);
    const node = c.node('n3');
    node.stop();
    const sent = c.emitted.messages.length;
    const fromN3 = () => c.emitted.messages.slice(sent).filter((m) => m.from === 'n3');
    await c.run(QUIET_MS);
    expect(fromN3()).toEqual([]);
    node.receive('n1', c.emitted.messages[0]?.msg);
    expect(fromN3()).toEqual([]);
  });

  it('repeats exactly under a seed', async () => {
    const script = async (seed: number) => {
      const c = cluster(seed);
      for (let i = 0; i < 6; i++) await c.write(IDS[i % 3]!, `k${i % 2}`, i);
      await c.run(QUIET_MS);
      return JSON.stringify([c.emitted, IDS.map((id) => c.node(id).status())]);
    };
    expect(await script(5)).toBe(await script(5));
  });
}
