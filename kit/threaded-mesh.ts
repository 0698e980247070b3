// The link proxies on their own worker thread: every byte nodes send each
// other is read and written there, so under load they take the second core
// instead of the controller's event loop (where they were about a tenth of
// its CPU). Same semantics as ProxyMesh, which the thread runs: a grudge or a
// bad fault value is checked here first, so errors keep their classes and
// change nothing; cut() and setLinkFaults() resolve once every proxy applies
// them. Counters are shared memory, read as the proxies count.
import type { Worker } from 'node:worker_threads';
import { tsWorker } from '../core/ts-worker.ts';
import type { FaultApplied, Grudge, Link, LinkFaultSpec } from '../core/cluster.ts';
import { checkGrudgeNodes, checkLinkNodes } from './cluster-nodes.ts';
import { validateLinkFaults } from './link-faults.ts';
import { PROXY_STAT_NAMES, sharedStats, type ProxyStats } from './proxy.ts';
import {
  pairIndex,
  type ProxyReply,
  type ProxyRequest,
  type ProxyThreadData,
} from './proxy-protocol.ts';

const THREAD_URL = new URL('./proxy-thread.ts', import.meta.url).href;

/** What the controller sees of one proxy. */
export interface LinkView {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly stats: ProxyStats;
}

type Request = ProxyRequest extends infer R ? (R extends unknown ? Omit<R, 'seq'> : never) : never;

export class ThreadedProxyMesh {
  private worker: Worker | null = null;
  private readonly views = new Map<string, LinkView>();
  private readonly nodes = new Map<string, true>();
  private readonly waiting = new Map<number, (r: ProxyReply) => void>();
  private seq = 0;

  /** Starts the thread, which opens a proxy for every ordered pair of distinct ids. */
  async open(ids: readonly string[], peerPort: (id: string) => number): Promise<void> {
    for (const id of ids) this.nodes.set(id, true);
    const n = PROXY_STAT_NAMES.length;
    const stats = new SharedArrayBuffer(ids.length * Math.max(0, ids.length - 1) * n * 8);
    const data: ProxyThreadData = {
      ids,
      peerPorts: Object.fromEntries(ids.map((id) => [id, peerPort(id)])),
      stats,
    };
    const worker = tsWorker(THREAD_URL, { workerData: data });
    this.worker = worker;
    const ports = await new Promise<Record<string, number>>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the proxy thread exited (${code})`)));
      this.waiting.set(0, (r) =>
        r.error ? reject(new Error(r.error)) : resolve(r.value as Record<string, number>),
      );
      worker.on('message', (r: ProxyReply) => {
        const done = this.waiting.get(r.seq);
        this.waiting.delete(r.seq);
        done?.(r);
      });
    });
    worker.removeAllListeners('error').removeAllListeners('exit');
    // A thread that dies fails whatever waits on it, rather than leaving it hanging.
    const fail = (why: string) => {
      for (const done of this.waiting.values()) done({ seq: -1, error: why });
      this.waiting.clear();
    };
    worker.on('error', (err) => fail(`the proxy thread failed: ${err.message}`));
    worker.on('exit', (code) => fail(`the proxy thread exited (${code})`));
    const cells = new Float64Array(stats);
    for (const a of ids)
      for (const b of ids) {
        if (a === b) continue;
        const i = pairIndex(ids, a, b);
        const view = {
          from: a,
          to: b,
          port: ports[`${a}>${b}`]!,
          stats: sharedStats(cells.subarray(i * n, (i + 1) * n)),
        };
        this.views.set(`${a}>${b}`, view);
      }
  }

  /** The proxy node `from` dials to reach `to`. */
  get(from: string, to: string): LinkView {
    const v = this.views.get(`${from}>${to}`);
    if (!v) throw new Error(`no link ${from}→${to}`);
    return v;
  }

  /** Cuts what the grudge says and heals every other direction; a grudge naming an unknown node changes nothing. */
  async cut(grudge: Grudge): Promise<FaultApplied> {
    checkGrudgeNodes(grudge, this.nodes);
    const plain: [string, string[]][] = [...grudge].map(([r, ss]) => [r, [...ss]]);
    return (await this.call({ op: 'cut', grudge: plain })) as FaultApplied;
  }

  /** Sets (null: clears) the faults on each link's bytes, from→to only. */
  async setLinkFaults(links: readonly Link[], faults: LinkFaultSpec | null): Promise<FaultApplied> {
    if (faults !== null) validateLinkFaults(faults);
    checkLinkNodes(links, this.nodes);
    return (await this.call({ op: 'faults', links, faults })) as FaultApplied;
  }

  ports(): number[] {
    return [...this.views.values()].map((v) => v.port);
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w === null) return;
    await this.call({ op: 'close' }, w).catch(() => {});
    await w.terminate();
  }

  private call(req: Request, worker = this.worker): Promise<unknown> {
    if (worker === null) return Promise.reject(new Error('the link proxies are closed'));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, (r) => (r.error ? reject(new Error(r.error)) : resolve(r.value)));
      worker.postMessage({ ...req, seq });
    });
  }
}
