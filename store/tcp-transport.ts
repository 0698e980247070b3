// Peer transport over TCP: newline-delimited JSON frames {from, msg}. Each
// node dials every peer for its outgoing messages and accepts connections for
// incoming ones. Sends while a link is down are dropped: the protocol retries
// by heartbeat, so nothing queues up behind a partition. Messages are the
// replication mode's JSON; the transport checks only the frame around them.
import net from 'node:net';
import type { Logger, Transport } from './ports.ts';
import type { PeerAddress } from './options.ts';

/** Don't buffer more than this toward a peer that stopped reading (e.g. SIGSTOPped). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_FRAME_BYTES = 64 * 1024 * 1024;
const BACKOFF_MIN_MS = 50;
const BACKOFF_MAX_MS = 1000;

interface Link {
  readonly peer: PeerAddress;
  socket: net.Socket | null;
  connected: boolean;
  backoffMs: number;
  retry: NodeJS.Timeout | null;
}

export class TcpTransport implements Transport {
  private handler: ((from: string, msg: unknown) => void) | null = null;
  private readonly links = new Map<string, Link>();
  private readonly inbound = new Set<net.Socket>();
  private server: net.Server | null = null;
  private closed = false;
  /** Frames dropped because they did not parse (a link reset mid-frame). */
  badFrames = 0;

  constructor(
    private readonly self: string,
    peers: readonly PeerAddress[],
    private readonly log: Logger,
  ) {
    for (const peer of peers) {
      this.links.set(peer.id, {
        peer,
        socket: null,
        connected: false,
        backoffMs: BACKOFF_MIN_MS,
        retry: null,
      });
    }
  }

  onMessage(handler: (from: string, msg: unknown) => void): void {
    this.handler = handler;
  }

  send(to: string, msg: unknown): void {
    const link = this.links.get(to);
    if (!link?.connected || !link.socket) return;
    const socket = link.socket;
    if (socket.writableLength > MAX_BUFFERED_BYTES) return;
    // Frames sent in one go (a group commit releases a turn's messages
    // together) leave in one write to the socket, not one each.
    if (socket.writableCorked === 0) {
      socket.cork();
      process.nextTick(() => socket.uncork());
    }
    socket.write(JSON.stringify({ from: this.self, msg }) + '\n');
  }

  /** Listens for peers and starts dialing them. */
  async listen(host: string, port: number): Promise<void> {
    const server = net.createServer((sock) => this.accept(sock));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    for (const link of this.links.values()) this.dial(link);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const link of this.links.values()) {
      if (link.retry) clearTimeout(link.retry);
      link.socket?.destroy();
    }
    for (const s of this.inbound) s.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private dial(link: Link): void {
    if (this.closed) return;
    const sock = net.connect({ host: link.peer.host, port: link.peer.port });
    link.socket = sock;
    sock.setNoDelay(true);
    sock.on('connect', () => {
      link.connected = true;
      link.backoffMs = BACKOFF_MIN_MS;
      this.log(`peer ${link.peer.id} connected (${link.peer.host}:${link.peer.port})`);
    });
    // Nothing is expected back on an outgoing link; drain it so the peer never blocks.
    sock.on('data', () => {});
    sock.on('error', () => {});
    sock.on('close', () => {
      if (link.connected) this.log(`peer ${link.peer.id} disconnected`);
      link.connected = false;
      link.socket = null;
      if (this.closed) return;
      link.retry = setTimeout(() => {
        link.retry = null;
        this.dial(link);
      }, link.backoffMs);
      link.backoffMs = Math.min(BACKOFF_MAX_MS, link.backoffMs * 2);
    });
  }

  private accept(sock: net.Socket): void {
    this.inbound.add(sock);
    sock.setNoDelay(true);
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      if (!buf.includes('\n')) {
        if (buf.length > MAX_FRAME_BYTES) {
          this.badFrames++;
          sock.destroy();
        }
        return;
      }
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) this.deliver(line);
    });
    sock.on('error', () => {});
    // A partial frame left when the link dies is garbage: the sender resends.
    sock.on('close', () => this.inbound.delete(sock));
  }

  private deliver(line: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(line);
    } catch {
      this.badFrames++;
      return;
    }
    if (
      typeof frame !== 'object' ||
      frame === null ||
      !('from' in frame) ||
      typeof frame.from !== 'string' ||
      !('msg' in frame)
    ) {
      this.badFrames++;
      return;
    }
    this.handler?.(frame.from, frame.msg);
  }
}
