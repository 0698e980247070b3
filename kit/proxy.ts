// A TCP proxy for one directed node link a→b: node a dials it to reach b, and
// it forwards to b's peer port. "forward" is a's bytes to b on those
// connections, "backward" is b's answers on them. Cutting a direction drops
// its bytes (the sender's writes succeed, nothing arrives, as in a real
// partition); healing resets every connection that lost bytes, because a
// stream with a hole in it is garbage to the receiver.
import { createServer, Socket, type Server } from 'node:net';
import { createRng, type Rng } from '../core/rng.ts';
import { isNoFault, validateLinkFaults, type LinkFaults } from './link-faults.ts';
import { Pipe, type Direction, type PipeHost } from './pipe.ts';
import { LOOPBACK } from './ports.ts';

export type { Direction } from './pipe.ts';

export interface ProxyStats {
  connections: number;
  forwardBytes: number;
  backwardBytes: number;
  droppedBytes: number;
  /** Connections reset on heal because they lost bytes, or by a loss fault. */
  resets: number;
}

interface Conn {
  readonly client: Socket;
  readonly upstream: Socket;
  readonly pipes: readonly Pipe[];
  connected: boolean;
  closed: boolean;
}

export const PROXY_STAT_NAMES = [
  'connections',
  'forwardBytes',
  'backwardBytes',
  'droppedBytes',
  'resets',
] as const;

/** Stats kept in a shared array, so another thread reads them as the proxy counts. */
export function sharedStats(cells: Float64Array): ProxyStats {
  const stats = {} as ProxyStats;
  PROXY_STAT_NAMES.forEach((name, i) =>
    Object.defineProperty(stats, name, {
      enumerable: true,
      get: () => cells[i]!,
      set: (x: number) => void (cells[i] = x),
    }),
  );
  return stats;
}

export class LinkProxy {
  private readonly cut: Record<Direction, boolean> = { forward: false, backward: false };
  private readonly faults: Record<Direction, LinkFaults | null> = {
    forward: null,
    backward: null,
  };
  private readonly rngs: Record<Direction, Rng> = { forward: createRng(0), backward: createRng(0) };
  private readonly conns = new Set<Conn>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | null = null;
  private listenPort = 0;

  constructor(
    readonly from: string,
    readonly to: string,
    private readonly targetPort: number,
    readonly stats: ProxyStats = {
      connections: 0,
      forwardBytes: 0,
      backwardBytes: 0,
      droppedBytes: 0,
      resets: 0,
    },
  ) {}

  get port(): number {
    return this.listenPort;
  }

  /** Listens on 127.0.0.1 (port 0: any free port); resolves with the port. */
  listen(port = 0): Promise<number> {
    const srv = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (c) => this.accept(c));
    this.server = srv;
    return new Promise((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(port, LOOPBACK, () => {
        const addr = srv.address();
        this.listenPort = typeof addr === 'object' && addr !== null ? addr.port : 0;
        resolve(this.listenPort);
      });
    });
  }

  /** Which directions drop bytes. Healing a direction resets connections that lost bytes. */
  setCut(forward: boolean, backward: boolean): void {
    this.cut.forward = forward;
    this.cut.backward = backward;
    for (const conn of [...this.conns]) {
      const healedLoss = conn.pipes.some((p) => p.lost && !this.cut[p.dir]);
      if (healedLoss) this.reset(conn);
      else if (!conn.connected && !forward) this.connectUpstream(conn);
    }
  }

  isCut(dir: Direction): boolean {
    return this.cut[dir];
  }

  /**
   * Replaces the faults of one direction, or of both when dir is omitted
   * (null: none). Throws LinkFaultError on a bad value, changing nothing.
   */
  setFaults(faults: LinkFaults | null, dir?: Direction): void {
    const f = faults === null || isNoFault(faults) ? null : validateLinkFaults(faults);
    for (const d of dir === undefined ? (['forward', 'backward'] as const) : [dir]) {
      this.faults[d] = f;
      // Distinct streams per direction, both fixed by the seed.
      this.rngs[d] = createRng((faults?.seed ?? 0) + (d === 'forward' ? 0 : 0x5bd1e995));
    }
  }

  getFaults(dir: Direction): LinkFaults | null {
    return this.faults[dir];
  }

  /** Stops listening and resets every connection. */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const conn of [...this.conns]) this.reset(conn, false);
    const srv = this.server;
    this.server = null;
    if (srv) await new Promise<void>((resolve) => srv.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.stats.connections++;
    const upstream = new Socket({ allowHalfOpen: true });
    const pipes: Pipe[] = [];
    const conn: Conn = { client, upstream, pipes, connected: false, closed: false };
    const host: PipeHost = {
      isCut: (d) => this.cut[d],
      faults: (d) => this.faults[d],
      rng: (d) => this.rngs[d],
      timer: (ms, fn) => this.timer(ms, fn),
      reset: () => this.reset(conn),
      isClosed: () => conn.closed,
      dropped: (n) => void (this.stats.droppedBytes += n),
    };
    pipes.push(
      new Pipe('forward', client, upstream, host),
      new Pipe('backward', upstream, client, host),
    );
    this.conns.add(conn);
    for (const s of [client, upstream]) {
      // Errors end in 'close' with hadError, handled in wire().
      s.on('error', () => {});
      s.setNoDelay(true);
    }
    for (const p of conn.pipes) this.wire(conn, p);
    client.resume();
    // While a→b is cut the connection attempt itself is lost, so b never
    // hears of it; the connect happens (or the socket is reset) on heal.
    if (this.cut.forward) conn.pipes[0]!.lost = true;
    else this.connectUpstream(conn);
  }

  private connectUpstream(conn: Conn): void {
    if (conn.connected || conn.closed) return;
    conn.connected = true;
    conn.upstream.connect(this.targetPort, LOOPBACK, () => {
      // Connected to itself (target down, source port = target port): that
      // socket would squat on the port the node needs when it restarts.
      if (conn.upstream.localPort === this.targetPort) this.reset(conn, false);
    });
  }

  private wire(conn: Conn, p: Pipe): void {
    p.src.on('data', (chunk: Buffer) => this.onData(conn, p, chunk));
    p.src.on('end', () => {
      if (conn.closed) return;
      // A FIN is news from the sender too: a cut swallows it.
      if (this.cut[p.dir]) p.lost = true;
      else p.end();
    });
    p.src.on('close', (hadError: boolean) => {
      if (conn.closed) return;
      if (!hadError && p.src.readableEnded) {
        // A clean end was passed on by onEnd; forget the connection once both sides are gone.
        if (conn.client.destroyed && conn.upstream.destroyed) {
          conn.closed = true;
          this.conns.delete(conn);
        }
        return;
      }
      // An abrupt close is news from the sender, so a cut swallows it too.
      if (this.cut[p.dir]) {
        p.lost = true;
        return;
      }
      p.later(() => this.reset(conn, false));
    });
  }

  private onData(conn: Conn, p: Pipe, chunk: Buffer): void {
    if (conn.closed) return;
    if (this.cut[p.dir] || (p.dir === 'forward' && !conn.connected)) {
      p.lost = true;
      this.stats.droppedBytes += chunk.length;
      return;
    }
    this.stats[p.dir === 'forward' ? 'forwardBytes' : 'backwardBytes'] += chunk.length;
    p.push(chunk);
  }

  private timer(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private reset(conn: Conn, count = true): void {
    if (conn.closed) return;
    conn.closed = true;
    this.conns.delete(conn);
    if (count) this.stats.resets++;
    for (const s of [conn.client, conn.upstream]) {
      if (s.destroyed) continue;
      // An RST, not a FIN: the peer must see a broken connection, not a clean end.
      // A socket we already ended cannot be reset (libuv refuses close-reset after a
      // shutdown), and Node then leaves its handle open, spinning: destroy it instead.
      if (s.readyState === 'open' || s.readyState === 'writeOnly') s.resetAndDestroy();
      else s.destroy();
    }
  }
}
