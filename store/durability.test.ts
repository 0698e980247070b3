// Group commit on the real event loop and real data files: the records of
// one turn share one fsync, and no peer message or client answer leaves a
// node before the fsync of every record that node appended before it. Nodes
// run in this process (messages cross on the next turn) so that each port
// call can be traced in order: append, sync, send, answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FileStorage } from './fs-storage.ts';
import { StoreNode } from './node.ts';
import { nodeSetup } from './options.ts';
import type { Ports } from './ports.ts';
import { seededRandom } from './random.ts';
import { systemClock, systemTimers, systemTurns } from './real-ports.ts';
import type { ReadOutcome, WriteOutcome } from './outcomes.ts';

type Event = 'append' | 'sync' | 'send' | 'answer';

interface Traced {
  readonly node: StoreNode;
  readonly events: Event[];
  readonly file: FileStorage;
  readonly clearTimers: () => void;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-durability-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const running: Traced[] = [];
afterEach(() => {
  for (const t of running.splice(0)) {
    t.node.stop();
    t.clearTimers();
    t.file.close();
  }
});

/** Nodes of one cluster on real files and the real loop; `turns` false: a home without Turns. */
function cluster(ids: readonly string[], storeArgs: readonly string[], turns = true) {
  const dir = fs.mkdtempSync(path.join(root, 'c-'));
  const handlers = new Map<string, (from: string, msg: unknown) => void>();
  const nodes = new Map<string, Traced>();
  for (const id of ids) {
    const events: Event[] = [];
    const file = new FileStorage(path.join(dir, id));
    const timers = systemTimers();
    const ports: Ports = {
      clock: systemClock(),
      timers,
      random: seededRandom(1),
      log: () => {},
      storage: {
        load: () => file.load(),
        append: (r) => (events.push('append'), file.append(r)),
        appendBeforeSync: (r) => (events.push('append'), file.appendBeforeSync(r)),
        sync: () => (events.push('sync'), file.sync()),
      },
      transport: {
        send: (to, msg) => {
          events.push('send');
          const frame = JSON.stringify(msg);
          setImmediate(() => handlers.get(to)?.(id, JSON.parse(frame)));
        },
        onMessage: (h) => void handlers.set(id, h),
      },
      ...(turns ? { turns: systemTurns() } : {}),
    };
    const node = new StoreNode(nodeSetup(id, ids, storeArgs), ports);
    const traced = { node, events, file, clearTimers: () => timers.clearAll() };
    running.push(traced);
    nodes.set(id, traced);
  }
  for (const t of nodes.values()) t.node.start();
  return (id: string) => nodes.get(id)!;
}

/** A client's call, its answer traced on the node that gives it. */
function answered<T extends WriteOutcome | ReadOutcome>(t: Traced, p: Promise<T>): Promise<T> {
  return p.then((r) => (t.events.push('answer'), r));
}

/** Indices of sends and answers made while a record the node appended was not yet synced. */
function early(events: readonly Event[]): number[] {
  let unsynced = false;
  const out: number[] = [];
  events.forEach((e, i) => {
    if (e === 'append') unsynced = true;
    else if (e === 'sync') unsynced = false;
    else if (unsynced) out.push(i);
  });
  return out;
}

const count = (events: readonly Event[], e: Event) => events.filter((x) => x === e).length;
const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe('group commit (--fsync always) on the real event loop', () => {
  it('ten writes and a read issued in one turn share one fsync, and answer after it', async () => {
    const node = cluster(['n1', 'n2', 'n3'], ['--replication', 'async']);
    const n1 = node('n1');
    await nextTurn();
    await nextTurn();
    n1.events.length = 0;
    const bytesBefore = fs.statSync(n1.file.file).size;
    const writes = Array.from({ length: 10 }, (_, i) => answered(n1, n1.node.write(`k${i}`, i)));
    const read = answered(n1, n1.node.read(['k9']));
    // The turn's records wait in the process, to reach the file in one write before the fsync.
    expect(fs.statSync(n1.file.file).size).toBe(bytesBefore);
    for (const w of await Promise.all(writes)) expect(w.ok).toBe(true);
    const r = await read;
    if (!r.ok) throw new Error(`read refused: ${r.message}`);
    expect(r.values.k9).toBe(9);
    const ev = n1.events;
    expect(count(ev, 'append')).toBeGreaterThanOrEqual(10);
    expect(count(ev, 'sync')).toBe(1);
    expect(ev.indexOf('sync')).toBeGreaterThan(ev.lastIndexOf('append'));
    expect(ev.indexOf('answer')).toBeGreaterThan(ev.indexOf('sync'));
    // The entries went to the followers too, held until the same fsync.
    expect(count(ev, 'send')).toBeGreaterThanOrEqual(2);
    expect(early(ev)).toEqual([]);
    const lines = fs.readFileSync(n1.file.file, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(10);
  });

  it('under sync replication no node sends or answers before its fsync, and followers batch too', async () => {
    const ids = ['n1', 'n2', 'n3'];
    const node = cluster(ids, ['--replication', 'sync']);
    await nextTurn();
    const n1 = node('n1');
    const writes = Array.from({ length: 20 }, (_, i) => answered(n1, n1.node.write(`k${i}`, i)));
    for (const w of await Promise.all(writes)) expect(w.ok).toBe(true);
    // Sync replication answers once the followers applied the write: they answer reads now.
    for (const id of ['n2', 'n3']) {
      const r = await answered(node(id), node(id).node.read(['k19']));
      expect(r.ok && r.values.k19).toBe(19);
    }
    for (const id of ids) {
      const ev = node(id).events;
      expect(early(ev), `${id}: sends or answers before the fsync of their records`).toEqual([]);
      expect(count(ev, 'sync'), `${id} fsyncs`).toBeLessThan(count(ev, 'append') / 2);
    }
  });

  it.each([
    ['always without Turns: a fsync per record', ['--fsync', 'always'], false, 'each'],
    ['never: no fsync at all', ['--fsync', 'never'], true, 'none'],
  ] as const)('%s', async (_name, flags, turns, syncs) => {
    const n1 = cluster(['n1'], flags, turns)('n1');
    await nextTurn();
    const writes = Array.from({ length: 5 }, (_, i) => n1.node.write(`k${i}`, i));
    for (const w of await Promise.all(writes)) expect(w.ok).toBe(true);
    const appends = count(n1.events, 'append');
    expect(appends).toBeGreaterThanOrEqual(5);
    expect(count(n1.events, 'sync')).toBe(syncs === 'each' ? appends : 0);
  });
});
