// The local backend: store nodes as OS processes on 127.0.0.1 (DESIGN.md,
// "Backends and faults"). localBackend() is the one public factory.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend, Capability, Cluster, ClusterSpec } from '../core/cluster.ts';
import { localCapabilities, type ClockVia } from './capabilities.ts';
import { findFaketime } from '../kit/faketime.ts';
import { LocalCluster } from './local-cluster.ts';

export { LocalCluster } from './local-cluster.ts';
export { localCapabilities, type ClockVia } from './capabilities.ts';
export { trackedChildren } from './cleanup.ts';
export { reapOrphans } from './orphans.ts';

export interface LocalBackendOptions {
  /** Store entry file run with tsx [default: <repo>/store/main.ts]. */
  readonly entry?: string;
  /**
   * "auto" (default): libfaketime when installed, else the store's offset.
   * "faketime": fail at up() when libfaketime is missing. "store": never preload.
   */
  readonly clockVia?: ClockVia | 'auto';
  /** libfaketimeMT.so.1 to use instead of searching the usual places. */
  readonly faketimeLib?: string | null;
  /** How long a node may take to print its ready line [default: 30000]. */
  readonly readyTimeoutMs?: number;
  /**
   * Framing of the node-to-node streams, for link faults that do not name
   * one [default: "line" for our store, whose peers send JSON lines; else "chunk"].
   */
  readonly peerFraming?: 'chunk' | 'line';
}

export class LocalBackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalBackendError';
  }
}

export const DEFAULT_STORE_ENTRY = resolve(
  join(dirname(fileURLToPath(import.meta.url)), '..', 'store', 'main.ts'),
);

function peerFraming(opts: LocalBackendOptions): 'chunk' | 'line' {
  if (opts.peerFraming) return opts.peerFraming;
  return opts.entry === undefined || resolve(opts.entry) === DEFAULT_STORE_ENTRY ? 'line' : 'chunk';
}

function resolveClock(opts: LocalBackendOptions): {
  clockVia: ClockVia;
  faketimeLib: string | null;
} {
  const lib = opts.faketimeLib !== undefined ? opts.faketimeLib : findFaketime();
  const want = opts.clockVia ?? 'auto';
  if (want === 'faketime' && lib === null)
    throw new LocalBackendError(
      'clock faults through libfaketime were asked for, but libfaketimeMT.so.1 is not installed: apt-get install faketime, or use --clock-via store',
    );
  const clockVia: ClockVia = want === 'auto' ? (lib !== null ? 'faketime' : 'store') : want;
  return { clockVia, faketimeLib: lib };
}

export function localBackend(opts: LocalBackendOptions = {}): Backend {
  return {
    name: 'local',
    capabilities(): readonly Capability[] {
      return localCapabilities({ ...resolveClock(opts), peerFraming: peerFraming(opts) });
    },
    async up(spec: ClusterSpec): Promise<Cluster> {
      return LocalCluster.up(spec, {
        entry: opts.entry ?? DEFAULT_STORE_ENTRY,
        ...resolveClock(opts),
        readyTimeoutMs: opts.readyTimeoutMs ?? 30_000,
        peerFraming: peerFraming(opts),
      });
    },
  };
}
