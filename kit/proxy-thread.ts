// The link proxies' own thread (see threaded-mesh.ts): a ProxyMesh driven by
// messages, so the bytes nodes send each other are read and written off the
// controller's event loop. Each request is answered once, with its result or
// its error's message.
import { parentPort, workerData } from 'node:worker_threads';
import type { Grudge } from '../core/cluster.ts';
import { ProxyMesh } from './proxy-mesh.ts';
import { sharedStats, PROXY_STAT_NAMES } from './proxy.ts';
import {
  pairIndex,
  type ProxyReply,
  type ProxyRequest,
  type ProxyThreadData,
  isProxyThreadData,
} from './proxy-protocol.ts';

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

// Only ever loaded as the proxy thread's entry (threaded-mesh.ts); the guard
// keeps a stray import in another thread from starting proxies.
if (parentPort !== null && isProxyThreadData(workerData)) void main(parentPort, workerData);
