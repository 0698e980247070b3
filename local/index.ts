// The local backend: a system's nodes as OS processes on 127.0.0.1 (docs/architecture.md,
// "Backends and faults"), run from the launcher the system gives
// (core/launcher.ts). localBackend() is the one public factory.
import type { Backend, Capability, Cluster, ClusterSpec } from '../core/cluster.ts';
import type { Launcher, ScriptLauncher } from '../core/launcher.ts';
import { localCapabilities } from './capabilities.ts';
import type { ClockVia } from '../kit/clock-offsets.ts';
import { findFaketime } from '../kit/faketime.ts';
import { LocalCluster } from './local-cluster.ts';
import { ServerCluster } from './server-cluster.ts';

export type { ServerCluster } from './server-cluster.ts';

export interface LocalBackendOptions {
  /** What the nodes run: a script of ours (the store) or a real server. */
  readonly launcher: Launcher;
  /**
   * A script's clocks: "auto" (default) libfaketime when installed, else the
   * program's own offset; "faketime": fail at up() when libfaketime is
   * missing; "store": never preload. A server uses libfaketime where it works.
   */
  readonly clockVia?: ClockVia | 'auto';
  /** libfaketimeMT.so.1 to use instead of searching the usual places. */
  readonly faketimeLib?: string | null;
  /** How long a script node may take to print its ready line [default: 30000]. */
  readonly readyTimeoutMs?: number;
  /** Framing of the node-to-node streams for link faults that name none [default: the launcher's]. */
  readonly peerFraming?: 'chunk' | 'line';
}

export class LocalBackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalBackendError';
  }
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

function scriptBackend(launcher: ScriptLauncher, opts: LocalBackendOptions): Backend {
  const peerFraming = opts.peerFraming ?? launcher.peerFraming;
  return {
    name: 'local',
    capabilities(): readonly Capability[] {
      return localCapabilities({ ...resolveClock(opts), peerFraming });
    },
    async up(spec: ClusterSpec): Promise<Cluster> {
      return LocalCluster.up(spec, {
        launcher,
        ...resolveClock(opts),
        readyTimeoutMs: opts.readyTimeoutMs ?? 30_000,
        peerFraming,
      });
    },
  };
}

export function localBackend(opts: LocalBackendOptions): Backend {
  const { launcher } = opts;
  if (launcher.kind === 'script') return scriptBackend(launcher, opts);
  return {
    name: `local (${launcher.name})`,
    up: (spec): Promise<Cluster> => ServerCluster.up(launcher, spec),
  };
}
