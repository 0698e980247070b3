// A lean HTTP/1.1 keep-alive client for the store's JSON API, one request in
// flight per connection. node:http's ClientRequest, agent bookkeeping and
// per-request listeners took more of the controller's CPU than the rest of
// an op together (profile in bench/README.md); this writes each request in
// one write and parses only what the store's server sends: a status line,
// headers, and a body framed by Content-Length or by the end of the
// connection.
import { connect, type Socket } from 'node:net';

export interface Http1Reply {
  readonly status: number;
  readonly text: string;
}

export interface Http1Request {
  readonly host: string;
  readonly port: number;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** JSON text; sent with its Content-Length. */
  readonly body?: string;
  readonly signal: AbortSignal;
}

const HEADER_END = Buffer.from('\r\n\r\n');
/** A reply whose headers alone pass this is not the store's: give up on it. */
const MAX_HEADER_BYTES = 64 * 1024;

/** An error carrying a code, as the socket's own errors do. */
function codedError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

interface Waiter {
  readonly resolve: (reply: Http1Reply) => void;
  readonly reject: (err: Error) => void;
}

/** One connection: its listeners are added once, and route to the request in flight. */
class Connection {
  private waiter: Waiter | null = null;
  private chunks: Buffer[] = [];
  private bytes = 0;
  /** Where the body starts once the headers are in, and how long it is (-1: until the end). */
  private bodyAt = -1;
  private bodyLength = -1;
  private status = 0;
  private keepAlive = true;
  private closed = false;

  constructor(
    readonly socket: Socket,
    private readonly idle: (c: Connection) => void,
    private readonly gone: (c: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(codedError('connection closed', 'ECONNRESET')));
  }

  get usable(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  send(head: string, waiter: Waiter): void {
    this.waiter = waiter;
    this.chunks = [];
    this.bytes = 0;
    this.bodyAt = -1;
    this.bodyLength = -1;
    this.socket.ref();
    this.socket.write(head);
  }

  /** Gives up on the request in flight (its signal aborted): the connection cannot be reused. */
  abort(err: Error): void {
    this.fail(err);
  }

  private onData(chunk: Buffer): void {
    if (this.waiter === null) {
      // Nothing was asked: a server talking out of turn cannot be trusted with the next request.
      this.close();
      return;
    }
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.bodyAt < 0 && !this.parseHead()) return;
    if (this.bodyLength >= 0 && this.bytes - this.bodyAt >= this.bodyLength) this.finish();
  }

  /** Reads the status line and headers once they are all in; false while they are not. */
  private parseHead(): boolean {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = [all];
    const end = all.indexOf(HEADER_END);
    if (end < 0) {
      if (all.length > MAX_HEADER_BYTES) this.fail(new Error('reply headers too long'));
      return false;
    }
    const lines = all.toString('latin1', 0, end).split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0] ?? '');
    if (!m) {
      this.fail(
        new Error(`not an HTTP/1.x reply: ${JSON.stringify((lines[0] ?? '').slice(0, 40))}`),
      );
      return false;
    }
    this.status = Number(m[2]);
    this.keepAlive = m[1] === '1';
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') this.bodyLength = Number(value);
      else if (name === 'connection') this.keepAlive = value.toLowerCase() !== 'close';
      else if (name === 'transfer-encoding' && value.toLowerCase() !== 'identity') {
        this.fail(
          new Error(`reply uses Transfer-Encoding ${value}; the store sends Content-Length`),
        );
        return false;
      }
    }
    if (!Number.isSafeInteger(this.bodyLength) || this.bodyLength < -1) {
      this.fail(new Error('reply has an invalid Content-Length'));
      return false;
    }
    this.bodyAt = end + HEADER_END.length;
    if (this.bodyLength < 0) this.keepAlive = false;
    return true;
  }

  private onEnd(): void {
    // A body framed by the end of the connection is complete now.
    if (this.waiter !== null && this.bodyAt >= 0 && this.bodyLength < 0) this.finish();
    this.close();
  }

  private finish(): void {
    const waiter = this.waiter!;
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const stop = this.bodyLength < 0 ? all.length : this.bodyAt + this.bodyLength;
    const text = all.toString('utf8', this.bodyAt, stop);
    this.waiter = null;
    this.chunks = [];
    // Bytes past the reply were never asked for: drop the connection rather than guess.
    if (this.keepAlive && stop === all.length && this.usable) {
      this.socket.unref();
      this.idle(this);
    } else {
      this.close();
    }
    waiter.resolve({ status: this.status, text });
  }

  private fail(err: Error): void {
    const waiter = this.waiter;
    this.waiter = null;
    this.close();
    waiter?.reject(err);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.gone(this);
    this.socket.destroy();
  }
}

/** Idle connections per host:port, reused last-in first-out so that few stay warm. */
export class Http1Pool {
  private readonly idle = new Map<string, Connection[]>();

  request(req: Http1Request): Promise<Http1Reply> {
    const { signal } = req;
    if (signal.aborted) return Promise.reject(abortError(signal));
    const key = `${req.host}:${req.port}`;
    const conn = this.take(key) ?? this.open(req.host, req.port, key);
    return new Promise<Http1Reply>((resolve, reject) => {
      const onAbort = () => conn.abort(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      conn.send(requestHead(req), {
        resolve: (reply) => {
          signal.removeEventListener('abort', onAbort);
          resolve(reply);
        },
        reject: (err) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      });
    });
  }

  /** Closes every idle connection. */
  close(): void {
    for (const conns of this.idle.values()) for (const c of conns.splice(0)) c.socket.destroy();
  }

  private take(key: string): Connection | undefined {
    const conns = this.idle.get(key);
    while (conns && conns.length > 0) {
      const c = conns.pop()!;
      if (c.usable) return c;
    }
    return undefined;
  }

  private open(host: string, port: number, key: string): Connection {
    return new Connection(
      connect({ host, port }),
      (c) => {
        const conns = this.idle.get(key);
        if (conns) conns.push(c);
        else this.idle.set(key, [c]);
      },
      (c) => {
        const conns = this.idle.get(key);
        const i = conns ? conns.indexOf(c) : -1;
        if (i >= 0) conns!.splice(i, 1);
      },
    );
  }
}

function requestHead(req: Http1Request): string {
  const start = `${req.method} ${req.path} HTTP/1.1\r\nHost: ${req.host}:${req.port}\r\n`;
  if (req.body === undefined) return `${start}\r\n`;
  return `${start}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(req.body)}\r\n\r\n${req.body}`;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : codedError('aborted', 'ABORT_ERR');
}
