// When a node's records reach the disk, and what waits for them (--fsync).
// Under --fsync always a record is on the disk before anything that depends
// on it leaves the node: a peer message, a client's answer. A fsync per
// record, in the event loop, on the leader and on every follower, bounded
// the store's throughput, so this is group commit: persist only appends,
// the node's outputs wait while a record is unsynced, and one write and one
// fsync at the end of the event-loop turn (Turns) cover every record of that
// turn and then release the outputs in the order they were made. A crash
// before that write loses the turn's records, but nothing that depended on
// them has left the node. Requests and peer
// messages that arrive together share it; those that arrive while it runs
// wait in the kernel and share the next. (A fsync in libuv's thread pool,
// serving requests while it runs, measured slower: smaller batches, more
// fsyncs; bench/README.md.)
// A home without Turns (the default simulated world) syncs each record as it
// is persisted and holds nothing, exactly as before group commit: the same
// seed still gives the same history.
import type { Storage, Transport, Turns } from './ports.ts';

/** What a node does with its records and outputs under its --fsync. */
export interface Durability {
  /**
   * The mode's persist: the record survives a crash of the process from the
   * moment anything depending on it (a message, an answer) has left the node.
   */
  persist(record: unknown): void;
  /** A peer message, sent after the sync of every record persisted before it. */
  send(to: string, msg: unknown): void;
  /**
   * p's value, released once every record persisted before p settled is on
   * the disk; p itself where nothing is ever held (no extra promise turn).
   */
  hold<T>(p: Promise<T>): Promise<T>;
  /** The node stops: what still waits is dropped, as a crash would drop it. */
  abandon(): void;
}

export function durability(
  fsync: boolean,
  storage: Storage,
  transport: Transport,
  turns: Turns | undefined,
): Durability {
  if (fsync && turns !== undefined) return new GroupCommit(storage, transport, turns);
  return {
    persist: (record) => {
      storage.append(record);
      if (fsync) storage.sync();
    },
    send: (to, msg) => transport.send(to, msg),
    hold: (p) => p,
    abandon: () => {},
  };
}

class GroupCommit implements Durability {
  /** A record was appended since the last sync; a flush is due at the end of the turn. */
  private unsynced = false;
  private stopped = false;
  /** Outputs made while unsynced, oldest first: messages and held answers, in one order. */
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly transport: Transport,
    private readonly turns: Turns,
  ) {}

  persist(record: unknown): void {
    // Nothing depending on the record leaves before the turn's sync, so it may
    // wait in the process for it: one write per turn instead of one per record.
    if (this.storage.appendBeforeSync) this.storage.appendBeforeSync(record);
    else this.storage.append(record);
    if (this.unsynced) return;
    this.unsynced = true;
    this.turns.afterTurn(() => this.flush());
  }

  send(to: string, msg: unknown): void {
    if (this.unsynced) this.waiting.push(() => this.transport.send(to, msg));
    else this.transport.send(to, msg);
  }

  hold<T>(p: Promise<T>): Promise<T> {
    // Decided when p settles: what it answers reflects the records persisted until then.
    return p.then((value) =>
      this.unsynced ? new Promise<T>((resolve) => this.waiting.push(() => resolve(value))) : value,
    );
  }

  abandon(): void {
    this.stopped = true;
    this.waiting.length = 0;
  }

  private flush(): void {
    if (this.stopped || !this.unsynced) return;
    // A failed fsync throws out of the turn and ends the process: what reached the
    // disk is unknown, so nothing waiting may leave (PostgreSQL's answer since fsyncgate).
    this.storage.sync();
    this.unsynced = false;
    for (const release of this.waiting.splice(0)) release();
  }
}
