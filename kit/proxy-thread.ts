// The link proxies' own thread (see threaded-mesh.ts): a ProxyMesh driven by
// messages, so the bytes nodes send each other are read and written off the
// controller's event loop. Each request is answered once, with its result or
// its error's message.
import { parentPort, workerData } from 'node:worker_threads';
import type { Grudge, Link, LinkFaultSpec } from '../core/cluster.ts';
import { ProxyMesh } from './proxy-mesh.ts';
import { sharedStats, PROXY_STAT_NAMES } from './proxy.ts';

export interface ProxyThreadData {
  readonly ids: readonly string[];
  readonly peerPorts: Readonly<Record<string, number>>;
  /** PROXY_STAT_NAMES.length cells per ordered pair, in ids × ids order (skipping a = b). */
  readonly stats: SharedArrayBuffer;
}

export type ProxyRequest =
  | { readonly seq: number; readonly op: 'cut'; readonly grudge: [string, string[]][] }
  | {
      readonly seq: number;
      readonly op: 'faults';
      readonly links: readonly Link[];
      readonly faults: LinkFaultSpec | null;
    }
  | { readonly seq: number; readonly op: 'close' };

export interface ProxyReply {
  readonly seq: number;
  readonly value?: unknown;
  readonly error?: string;
}

/** Index of the ordered pair a>b among ids × ids without a = b. */
export function pairIndex(ids: readonly string[], a: string, b: string): number {
  const i = ids.indexOf(a);
  const j = ids.indexOf(b);
  return i * (ids.length - 1) + (j > i ? j - 1 : j);
}

async function main(port: NonNullable<typeof parentPort>, data: ProxyThreadData): Promise<void> {
  const mesh = new ProxyMesh();
  const cells = new Float64Array(data.stats);
  const n = PROXY_STAT_NAMES.length;
  await mesh.open(
    data.ids,
    (id) => data.peerPorts[id]!,
    (a, b) =>
      sharedStats(
        cells.subarray(pairIndex(data.ids, a, b) * n, (pairIndex(data.ids, a, b) + 1) * n),
      ),
  );
  const ports: Record<string, number> = {};
  for (const a of data.ids)
    for (const b of data.ids) if (a !== b) ports[`${a}>${b}`] = mesh.get(a, b).port;
  port.postMessage({ seq: 0, value: ports } satisfies ProxyReply);
  port.on('message', (req: ProxyRequest) => {
    void (async () => {
      try {
        let value: unknown;
        if (req.op === 'cut')
          value = mesh.cut(new Map(req.grudge.map(([r, ss]) => [r, new Set(ss)])) as Grudge);
        else if (req.op === 'faults') value = mesh.setLinkFaults(req.links, req.faults);
        else value = await mesh.close();
        port.postMessage({ seq: req.seq, value } satisfies ProxyReply);
      } catch (err) {
        port.postMessage({ seq: req.seq, error: (err as Error).message } satisfies ProxyReply);
      }
    })();
  });
}

if (parentPort !== null) void main(parentPort, workerData as ProxyThreadData);
