// One user-defined bridge network per run: containers resolve each other by
// name through Docker's DNS, and a subnet of our own (10.77.x.0/24) keeps node
// addresses fixed across restarts, so iptables rules can name them.
import { networkInterfaces } from 'node:os';
import type Dockerode from 'dockerode';
import { LABEL, RUN_LABEL } from './engine.ts';

export interface RunNetwork {
  readonly id: string;
  readonly name: string;
  /** "10.77.x": node i gets <prefix>.<10+i>. */
  readonly prefix: string;
  readonly subnet: string;
}

const FIRST_HOST = 10;
const ATTEMPTS = 8;

/** The third octets of 10.77.x.0/24 already used by networks or host interfaces. */
async function usedOctets(docker: Dockerode): Promise<Set<number>> {
  const used = new Set<number>();
  const note = (cidr: string | undefined) => {
    const m = /^10\.77\.(\d+)\./.exec(cidr ?? '');
    if (m) used.add(Number(m[1]));
  };
  for (const n of await docker.listNetworks()) {
    for (const c of n.IPAM?.Config ?? []) note(c.Subnet);
  }
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) note(a.address);
  }
  return used;
}

/** A stable starting octet per run, so concurrent runs rarely race for the same one. */
function startOctet(runId: string): number {
  let h = 0;
  for (const c of runId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 256;
}

export function nodeAddress(net: RunNetwork, index: number): string {
  return `${net.prefix}.${FIRST_HOST + index}`;
}

export async function createRunNetwork(docker: Dockerode, runId: string): Promise<RunNetwork> {
  const used = await usedOctets(docker);
  const name = `splitbrain-${runId}`;
  let lastErr: unknown = null;
  let octet = startOctet(runId);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    for (let i = 0; i < 256 && used.has(octet); i++) octet = (octet + 1) % 256;
    if (used.has(octet)) break;
    const prefix = `10.77.${octet}`;
    const subnet = `${prefix}.0/24`;
    try {
      const net = await docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet, Gateway: `${prefix}.1` }] },
        Labels: { [LABEL]: '1', [RUN_LABEL]: runId },
      });
      return { id: net.id, name, prefix, subnet };
    } catch (err) {
      // Another run may have taken the subnet between our listing and create.
      lastErr = err;
      used.add(octet);
    }
  }
  throw new Error(
    `could not create a Docker network in 10.77.0.0/16 for run ${runId}: ${(lastErr as Error | null)?.message ?? 'every /24 is in use'}`,
    { cause: lastErr },
  );
}
