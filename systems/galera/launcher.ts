// Galera Cluster (Debian's mariadb-server with galera-4) as a backend: n
// nodes (3 by default) on loopback in a network namespace of their own,
// writes accepted by every node (cluster.ts, args.ts).
import type { Backend, Cluster } from '../../core/cluster.ts';
import { GaleraCluster } from './cluster.ts';

export interface GaleraOptions {
  /** How long to wait for every node to be synced at start [default: 180 s]. */
  readonly upTimeoutMs?: number;
}

export function galeraBackend(opts: GaleraOptions = {}): Backend {
  return {
    name: 'local (galera)',
    up: (spec): Promise<Cluster> => GaleraCluster.up(spec, opts),
  };
}
