// Galera Cluster (Debian's mariadb-server with galera-4) as a cluster
// launcher (core/launcher.ts): n nodes (3 by default) on loopback in a
// network namespace of their own, writes accepted by every node. It runs
// its own nodes and faults (cluster.ts), since link proxies cannot sit
// between Galera's members (netns.ts says why).
import type { ClusterLauncher } from '../../../core/launcher.ts';
import { findFaketime } from '../../../kit/faketime.ts';
import { galeraCapabilities } from './capabilities.ts';
import { GaleraCluster } from './cluster.ts';

export interface GaleraOptions {
  /** How long to wait for every node to be synced at start [default: 180 s]. */
  readonly upTimeoutMs?: number;
}

export function galeraLauncher(opts: GaleraOptions = {}): ClusterLauncher {
  return {
    kind: 'cluster',
    name: 'galera',
    capabilities: () => galeraCapabilities(findFaketime()),
    up: (spec) => GaleraCluster.up(spec, opts),
  };
}
