// What the controller and the link proxies' thread (proxy-thread.ts) say to
// each other. Kept apart from the thread's entry so importing these types
// never starts a thread's work in the importer.
import type { Link, LinkFaultSpec } from '../core/cluster.ts';

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

/** Whether a thread's workerData is the proxy thread's. */
export function isProxyThreadData(data: unknown): data is ProxyThreadData {
  const d = data as Partial<ProxyThreadData> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    Array.isArray(d.ids) &&
    d.stats instanceof SharedArrayBuffer
  );
}
