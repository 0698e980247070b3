// What the Docker backend can deliver on this machine, found by looking (is
// nsenter here, are we root, does the kernel have netem) rather than assumed;
// the same text feeds Cluster.capabilities() and `splitbrain doctor`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Capability } from '../core/cluster.ts';
import { findFaketime } from '../kit/faketime.ts';
import { SOCKET_PATH } from './engine.ts';

export interface DockerFacts {
  /** Why no engine can be reached (its socket is missing), or null when it may be. */
  readonly engineBlocker?: string | null;
  /** Why namespace faults (iptables, tc) cannot be applied, or null when they can. */
  readonly netnsBlocker: string | null;
  /** Why tc netem cannot shape links, or null when it can. */
  readonly netemBlocker: string | null;
  readonly faketimeLib: string | null;
}

export function onPath(cmd: string): boolean {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin']);
  return dirs.some((d) => d !== '' && existsSync(join(d, cmd)));
}

function netnsBlocker(): string | null {
  if (process.getuid?.() !== 0)
    return 'the controller must run as root to enter container network namespaces (nsenter)';
  const missing = ['nsenter', 'iptables-restore'].filter((c) => !onPath(c));
  if (missing.length > 0)
    return `${missing.join(' and ')} not found on the controller: apt-get install util-linux iptables`;
  return null;
}

/** Tries a prio root with a netem band in a throwaway network namespace. */
function netemBlocker(netns: string | null): string | null {
  if (netns !== null) return netns;
  if (!onPath('tc') || !onPath('unshare'))
    return 'tc not found on the controller: apt-get install iproute2';
  const script =
    'tc qdisc add dev lo root handle 1: prio bands 2 priomap 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 && tc qdisc add dev lo parent 1:2 netem delay 1ms';
  const res = spawnSync('unshare', ['-n', 'sh', '-c', script], { encoding: 'utf8', timeout: 5000 });
  if (res.status === 0) return null;
  return `this kernel cannot shape links with tc (prio + netem): ${(res.stderr || res.error?.message || 'unknown error').trim()}; it needs the sch_prio and sch_netem modules`;
}

export function probeDockerFacts(socketPath = SOCKET_PATH): DockerFacts {
  const netns = netnsBlocker();
  const engineBlocker = existsSync(socketPath)
    ? null
    : `no Docker engine socket at ${socketPath}: install docker.io and start dockerd (nohup dockerd --storage-driver=vfs >/tmp/dockerd.log 2>&1 &)`;
  return {
    engineBlocker,
    netnsBlocker: netns,
    netemBlocker: netemBlocker(netns),
    faketimeLib: findFaketime(),
  };
}

export function dockerCapabilities(facts: DockerFacts): readonly Capability[] {
  const engine = facts.engineBlocker ?? null;
  if (engine !== null) {
    const kinds = ['partition', 'kill', 'pause', 'clock', 'link'] as const;
    return kinds.map((kind) => ({ kind, available: false, detail: engine }));
  }
  const ns = facts.netnsBlocker;
  return [
    {
      kind: 'partition',
      available: ns === null,
      detail:
        ns ??
        "iptables DROP rules by source address in each container's network namespace (nsenter from the controller); a new grudge replaces the chain in one iptables-restore",
    },
    {
      kind: 'kill',
      available: true,
      detail: 'SIGKILL to the container; start runs it again with the same data dir and address',
    },
    {
      kind: 'pause',
      available: true,
      detail: 'docker pause / unpause (cgroup freezer): the node neither sends nor answers',
    },
    {
      kind: 'clock',
      available: true,
      detail:
        facts.faketimeLib !== null
          ? "libfaketime preloaded in the image; the offset is written to the node's mounted timestamp file and moves every wall-clock call of the process at once"
          : "the store's own clock offset (POST /clock), because libfaketime was not found on this machine when the image was built: apt-get install faketime for a process-wide skew",
    },
    {
      kind: 'link',
      available: facts.netemBlocker === null,
      detail:
        facts.netemBlocker ??
        "tc netem per destination on the sender's eth0 (prio bands + u32 filters): latency, jitter, packet loss, duplication, rate; loss draws are the kernel's, so the seed does not repeat them; no slow close or message framing",
    },
  ];
}
