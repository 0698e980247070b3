// One node of --mode multi-leader (DDIA 5.4): it takes every write itself,
// acknowledges once the change is on its disk, and sends changes to its
// topology's peers asynchronously, forwarding what it receives along the
// topology. Concurrent writes meet the conflict policy (conflicts.ts).
import type { Value } from '../../protocol.ts';
import type { ReadOutcome, WriteOutcome } from '../../outcomes.ts';
import { badRequest } from '../../outcomes.ts';
import type { ModeContext, ReplicationMode } from '../mode.ts';
import { versionOf } from './conflicts.ts';
import { Keys, type KeyRead, type WriteOptions } from './keys.ts';
import { changeId, type Change, type ChangeRecord, type Message } from './messages.ts';
import type { MultiLeaderConfig } from './options.ts';
import { Outbox } from './outbox.ts';
import type { MultiLeaderStatus } from './protocol.ts';
import { outPeers, routeTo } from './routes.ts';

type Ctx = ModeContext<Message, ChangeRecord>;
type ReadOpts = Record<string, never>;

export class MultiLeader implements ReplicationMode<Message, ChangeRecord, ReadOpts, WriteOptions> {
  private readonly keys: Keys;
  private readonly outbox: Outbox;
  private readonly seen = new Set<string>();
  private seq = 0;

  constructor(
    private readonly cfg: MultiLeaderConfig,
    private readonly ctx: Ctx,
  ) {
    this.keys = new Keys(
      cfg.conflicts,
      cfg.bug === null ? null : { name: cfg.bug, self: cfg.self },
    );
    this.outbox = new Outbox(outPeers(cfg));
  }

  start(records: readonly ChangeRecord[]): void {
    for (const r of records) {
      this.take(r.change);
      if (r.change.origin === this.cfg.self) this.seq = Math.max(this.seq, r.change.seq);
    }
  }

  async write(key: string, value: Value, options: WriteOptions): Promise<WriteOutcome> {
    const t = { self: this.cfg.self, seq: this.seq + 1, tsMs: this.ctx.clock.nowMs() };
    const p = this.keys.prepare(key, value, options, t);
    if (!p.ok) return badRequest(p.message);
    this.seq = t.seq;
    const change: Change = {
      origin: t.self,
      seq: t.seq,
      key,
      via: [t.self],
      ...(p.put ? { put: p.put } : {}),
      ...(p.set ? { set: p.set } : {}),
    };
    this.ctx.persist({ t: 'change', change });
    this.take(change);
    this.send();
    // A merge write's version is the key's after it; a register write's, its own.
    const version = p.put ? versionOf([p.put]) : this.keys.read(key).version;
    return { ok: true, version, fields: { seq: t.seq } };
  }

  async read(keys: readonly string[]): Promise<ReadOutcome> {
    const reads = new Map<string, KeyRead>(keys.map((k) => [k, this.keys.read(k)]));
    const siblings = [...reads].filter(([, r]) => r.siblings);
    return {
      ok: true,
      values: Object.fromEntries([...reads].map(([k, r]) => [k, r.value])),
      versions: Object.fromEntries([...reads].map(([k, r]) => [k, r.version])),
      ...(siblings.length > 0
        ? { siblings: Object.fromEntries(siblings.map(([k, r]) => [k, r.siblings!])) }
        : {}),
    };
  }

  receive(from: string, msg: Message): void {
    if (msg.type === 'ack') {
      this.outbox.acknowledge(from, msg.from, msg.upTo);
      return;
    }
    for (const c of msg.changes) {
      // A change that passed through this node already (or names it falsely) is dropped.
      if (this.seen.has(changeId(c)) || c.via.includes(this.cfg.self)) continue;
      const mine: Change = { ...c, via: [...c.via, this.cfg.self] };
      this.ctx.persist({ t: 'change', change: mine });
      this.take(mine);
    }
    this.ctx.send(from, { type: 'ack', from: msg.from, upTo: msg.upTo });
    this.send();
  }

  tick(): void {
    this.outbox.rewind();
    this.send();
  }

  status(): MultiLeaderStatus {
    return {
      topology: this.cfg.topology,
      hub: this.cfg.hub,
      conflicts: this.cfg.conflicts,
      seq: this.seq,
      changes: this.outbox.length,
      pending: this.outbox.backlog(this.ctx.clock.monoMs()),
    };
  }

  stop(): void {}

  /** Applies a change this node has not seen and queues it for its peers. */
  private take(c: Change): void {
    const id = changeId(c);
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.keys.apply(c);
    this.outbox.append(c, routeTo(c, this.cfg), this.ctx.clock.monoMs());
  }

  private send(): void {
    for (const { to, msg } of this.outbox.flush()) this.ctx.send(to, msg);
  }
}
