// What the local backend can deliver on this machine, and how; the same text
// feeds Cluster.capabilities(), the pre-run check and `splitbrain doctor`.
import type { Capability } from '../core/cluster.ts';
import type { ClockVia } from '../kit/clock-offsets.ts';

export interface LocalCapabilityFacts {
  readonly clockVia: ClockVia;
  readonly faketimeLib: string | null;
  /** Framing of link faults that do not name one. */
  readonly peerFraming?: 'chunk' | 'line';
}

/** Partitions on a ProxyMesh, in the words of the backend's nodes ("node", "etcd node"). */
export function proxyPartitionCapability(nodes = 'node'): Capability {
  return {
    kind: 'partition',
    available: true,
    detail: `every ${nodes}-to-node link runs through a TCP proxy the controller owns; a cut direction drops its bytes, and heal resets connections that lost bytes`,
  };
}

/** Link faults on a ProxyMesh: what the proxies do to the bytes, for a given default framing. */
export function proxyLinkCapability(framing: 'chunk' | 'line'): Capability {
  return {
    kind: 'link',
    available: true,
    detail: `latency, jitter, bandwidth cap and slow close on the link proxies; loss resets a connection (framing "chunk") or drops whole newline-delimited messages (framing "line"); duplication needs framing "line"; default framing here: ${framing}`,
  };
}

export function localCapabilities(facts: LocalCapabilityFacts): readonly Capability[] {
  const clock: Capability =
    facts.clockVia === 'faketime'
      ? {
          kind: 'clock',
          available: true,
          detail: `libfaketime (${facts.faketimeLib}) preloaded into every node; an offset is written to the node's timestamp file and applies to every wall-clock call of the process at once`,
        }
      : {
          kind: 'clock',
          available: true,
          detail:
            "the store's own clock offset (POST /clock): only the store's wall-clock reading moves, not the process's OS clock" +
            (facts.faketimeLib === null
              ? '; for a process-wide skew install libfaketime: apt-get install faketime'
              : ''),
        };
  return [
    proxyPartitionCapability(),
    {
      kind: 'kill',
      available: true,
      detail: 'SIGKILL of the node process; start restarts it from the same data dir and ports',
    },
    { kind: 'pause', available: true, detail: 'SIGSTOP / SIGCONT of the node process' },
    clock,
    proxyLinkCapability(facts.peerFraming ?? 'chunk'),
  ];
}
