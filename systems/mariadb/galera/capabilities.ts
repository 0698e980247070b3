// The faults a Galera cluster of ours delivers, known before it starts (the
// run's pre-check, `splitbrain doctor`) and asked again of a cluster that is up.
import type { Capability } from '../../../core/cluster.ts';

export function galeraCapabilities(faketimeLib: string | null): readonly Capability[] {
  return [
    {
      kind: 'partition',
      available: true,
      detail:
        "iptables DROP rules by source and destination address inside the cluster's network namespace (each node on its own loopback address; gcomm binds its outgoing connections to it)",
    },
    {
      kind: 'kill',
      available: true,
      detail: 'SIGKILL of the mariadbd process group; start rejoins the cluster (IST or SST)',
    },
    { kind: 'pause', available: true, detail: 'SIGSTOP / SIGCONT of the mariadbd process group' },
    {
      kind: 'clock',
      available: faketimeLib !== null,
      detail:
        faketimeLib !== null
          ? 'libfaketime preloaded into every mariadbd'
          : 'libfaketime is not installed: apt-get install faketime',
    },
    {
      kind: 'link',
      available: false,
      detail:
        "link faults need a proxy per link, and Galera's members dial each other's one advertised address; its partitions are iptables drops in a namespace, which carry no latency or loss",
    },
  ];
}
