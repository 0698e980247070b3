// Never silent: a fault the backend cannot deliver is an error before the
// run, naming what is missing and how to get it; `splitbrain doctor` prints
// what each backend can deliver on this machine.
import type { Backend, Capability, Cluster, FaultKind } from '../core/cluster.ts';

export const FAULT_KINDS: readonly FaultKind[] = ['partition', 'kill', 'pause', 'clock', 'link'];

/** How to get a fault when a backend lacks it. */
export const HOW_TO_GET: Readonly<Record<FaultKind, string>> = {
  partition:
    'partitions need a backend that owns the links between nodes: --backend local (TCP proxies) or a Docker backend (iptables)',
  kill: 'crashes need a backend that controls the node processes: --backend local or a Docker backend',
  pause:
    'pauses need a backend that controls the node processes: --backend local or a Docker backend',
  clock:
    'clock faults need libfaketime (apt-get install faketime) or a store with its own clock offset (--clock-via store)',
  link: 'link faults (latency, loss, bandwidth) need proxied links: --backend local',
};

export class CapabilityError extends Error {
  constructor(
    message: string,
    readonly missing: readonly FaultKind[],
  ) {
    super(message);
    this.name = 'CapabilityError';
  }
}

function isCluster(x: Cluster | Backend): x is Cluster {
  return 'nodes' in x;
}

function capsOf(source: Cluster | Backend | readonly Capability[]): readonly Capability[] | null {
  if (Array.isArray(source)) return source as readonly Capability[];
  const s = source as Cluster | Backend;
  if (isCluster(s)) return s.capabilities();
  return s.capabilities ? s.capabilities() : null;
}

/**
 * Throws CapabilityError when a needed fault is unavailable or not listed.
 * Returns false when the source cannot tell before it is up (a backend
 * without capabilities()): check the cluster after up() then.
 */
export function checkCapabilities(
  source: Cluster | Backend | readonly Capability[],
  needs: readonly FaultKind[],
): boolean {
  const caps = capsOf(source);
  if (caps === null) return false;
  const missing: FaultKind[] = [];
  const lines: string[] = [];
  for (const kind of [...new Set(needs)]) {
    const cap = caps.find((c) => c.kind === kind);
    if (cap?.available) continue;
    missing.push(kind);
    const why = cap ? cap.detail : 'this backend does not offer it';
    lines.push(`the ${kind} fault cannot be delivered here (${why}); ${HOW_TO_GET[kind]}`);
  }
  if (missing.length > 0) throw new CapabilityError(lines.join('\n'), missing);
  return true;
}

export interface DoctorRow {
  readonly backend: string;
  readonly kind: FaultKind;
  readonly available: boolean | null;
  readonly detail: string;
}

/** Which faults each backend can deliver here, and why not the others. */
export function doctorRows(backends: readonly Backend[]): DoctorRow[] {
  return backends.flatMap((b) => {
    let caps: readonly Capability[] | null;
    try {
      caps = b.capabilities ? b.capabilities() : null;
    } catch (err) {
      const detail = `cannot be used here: ${(err as Error).message}`;
      return FAULT_KINDS.map((kind) => ({ backend: b.name, kind, available: false, detail }));
    }
    return FAULT_KINDS.map((kind): DoctorRow => {
      if (caps === null)
        return {
          backend: b.name,
          kind,
          available: null,
          detail: 'known only once a cluster is up',
        };
      const cap = caps.find((c) => c.kind === kind);
      return cap
        ? { backend: b.name, kind, available: cap.available, detail: cap.detail }
        : { backend: b.name, kind, available: false, detail: `not offered; ${HOW_TO_GET[kind]}` };
    });
  });
}

/** doctorRows as text, one block per backend. */
export function doctorReport(backends: readonly Backend[]): string {
  const rows = doctorRows(backends);
  const out: string[] = [];
  for (const b of backends) {
    out.push(`backend ${b.name}:`);
    for (const r of rows.filter((x) => x.backend === b.name)) {
      const mark = r.available === null ? '?' : r.available ? 'yes' : 'no ';
      out.push(`  ${mark} ${r.kind.padEnd(9)} ${r.detail}`);
    }
  }
  return out.join('\n');
}
