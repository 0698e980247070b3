// The external backend: a cluster someone else runs, given as host:port per
// node (--backend external --nodes h1:p1,h2:p2,...). We own no process and no
// link, so a fault is available only when the user gave a control hook for
// it: a command template run once per node, its arguments passed as an array
// (execFile, never a shell), with {node} {host} {port} filled in, plus
// {drops} (comma-separated node ids to cut off) for partition and {offsetMs}
// for clock. Any other fault is a capability error before the run starts.
import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import type {
  Backend,
  Capability,
  Cluster,
  ClusterSpec,
  FaultKind,
  Grudge,
  NodeInfo,
} from '../core/cluster.ts';
import {
  checkGrudgeNodes,
  lookupNode,
  nodeFiles,
  nodeId,
  nodesDirOf,
} from '../kit/cluster-nodes.ts';
import type { HookKind, Hooks } from './options.ts';

const run = promisify(execFile);
const HOOK_TIMEOUT_MS = 30_000;
/** How long a node may take to accept a TCP connection before the run refuses to start. */
export const PROBE_TIMEOUT_MS = 3000;

export type { Hooks } from './options.ts';

/** Which hooks each fault kind needs: a fault is undone as well as done. */
const NEEDS: Readonly<Record<FaultKind, readonly HookKind[]>> = {
  partition: ['partition', 'heal'],
  kill: ['kill', 'start'],
  pause: ['pause', 'resume'],
  clock: ['clock'],
  link: [],
};

export function externalCapabilities(hooks: Hooks): Capability[] {
  return (Object.keys(NEEDS) as FaultKind[]).map((kind) => {
    const need = NEEDS[kind];
    const missing = need.filter((h) => hooks[h] === undefined);
    if (need.length === 0)
      return {
        kind,
        available: false,
        detail: 'link faults need proxied links, which an external cluster does not have',
      };
    if (missing.length > 0)
      return {
        kind,
        available: false,
        detail: `no control hook: give ${missing.map((h) => `--hook-${h}`).join(' and ')}`,
      };
    return {
      kind,
      available: true,
      detail: `hooks: ${need.map((h) => JSON.stringify(hooks[h])).join(', ')}`,
    };
  });
}

/** Fills {name} placeholders in each argument; the command is never parsed by a shell. */
export function fillTemplate(
  template: readonly string[],
  vars: Readonly<Record<string, string>>,
): string[] {
  return template.map((arg) => arg.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m));
}

export function parseAddress(addr: string, i: number): NodeInfo {
  const at = addr.lastIndexOf(':');
  return { id: nodeId(i), host: addr.slice(0, at), port: Number(addr.slice(at + 1)) };
}

class ExternalCluster implements Cluster {
  readonly nodes: readonly NodeInfo[];
  private readonly byId: ReadonlyMap<string, NodeInfo>;

  constructor(
    addresses: readonly string[],
    private readonly hooks: Hooks,
    private readonly dir: string,
  ) {
    this.nodes = addresses.map(parseAddress);
    this.byId = new Map(this.nodes.map((n) => [n.id, n]));
    mkdirSync(nodesDirOf(dir), { recursive: true });
  }

  capabilities(): readonly Capability[] {
    return externalCapabilities(this.hooks);
  }

  private node(id: string): NodeInfo {
    return lookupNode(this.byId, id);
  }

  /** Runs one hook for one node; a non-zero exit is an error naming the command. */
  private async hook(
    kind: HookKind,
    id: string,
    extra: Record<string, string> = {},
  ): Promise<void> {
    const template = this.hooks[kind];
    if (template === undefined)
      throw new Error(`no --hook-${kind} was given, so ${kind} cannot be done`);
    const n = this.node(id);
    const [cmd, ...args] = fillTemplate(template, {
      node: n.id,
      host: n.host,
      port: String(n.port),
      ...extra,
    });
    const log = nodeFiles(this.dir, id).logPath;
    appendFileSync(log, `$ ${JSON.stringify([cmd, ...args])}\n`);
    try {
      const out = await run(cmd!, args, { timeout: HOOK_TIMEOUT_MS });
      appendFileSync(log, out.stdout + out.stderr);
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      appendFileSync(log, `${e.stderr ?? ''}failed: ${e.message}\n`);
      throw new Error(`--hook-${kind} for ${id} failed: ${e.message}`, { cause: err });
    }
  }

  start = (id: string) => this.hook('start', id);
  stop = (id: string) => (this.hooks.stop ? this.hook('stop', id) : this.hook('kill', id));
  kill = (id: string) => this.hook('kill', id);
  pause = (id: string) => this.hook('pause', id);
  resume = (id: string) => this.hook('resume', id);

  async partition(grudge: Grudge): Promise<void> {
    // Checked before the heal, so a bad grudge changes nothing.
    checkGrudgeNodes(grudge, this.byId);
    await this.heal();
    for (const [id, drops] of grudge) {
      if (drops.size > 0) await this.hook('partition', id, { drops: [...drops].join(',') });
    }
  }

  async heal(): Promise<void> {
    for (const n of this.nodes) await this.hook('heal', n.id);
  }

  async setClockOffset(id: string, offsetMs: number): Promise<void> {
    await this.hook('clock', id, { offsetMs: String(offsetMs) });
  }

  logPath(id: string): string {
    return nodeFiles(this.dir, this.node(id).id).logPath;
  }

  async down(): Promise<void> {
    // Someone else runs these nodes: nothing of ours to stop.
  }
}

/** Null when the node accepts a TCP connection within timeoutMs, else why not. */
function probe(n: NodeInfo, timeoutMs: number): Promise<string | null> {
  return new Promise((done) => {
    const socket = connect({ host: n.host, port: n.port });
    const finish = (why: string | null) => {
      socket.destroy();
      done(why);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => finish(null));
    socket.once('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
  });
}

/**
 * Every node must accept a connection before the run starts: against a
 * cluster that is not there every op would fail, and the run would say nothing.
 */
export async function probeNodes(nodes: readonly NodeInfo[], timeoutMs: number): Promise<void> {
  const why = await Promise.all(nodes.map((n) => probe(n, timeoutMs)));
  const down = nodes.flatMap((n, i) =>
    why[i] === null ? [] : [`${n.id} at ${n.host}:${n.port} (${why[i]})`],
  );
  if (down.length > 0)
    throw new Error(
      `--backend external: ${down.length} of ${nodes.length} nodes do not answer: ${down.join(', ')}; start them or fix --nodes`,
    );
}

export function externalBackend(addresses: readonly string[], hooks: Hooks): Backend {
  return {
    name: 'external',
    capabilities: () => externalCapabilities(hooks),
    async up(spec: ClusterSpec): Promise<Cluster> {
      if (addresses.length === 0)
        throw new Error('--backend external needs the nodes: --nodes host:port,host:port,...');
      await probeNodes(addresses.map(parseAddress), PROBE_TIMEOUT_MS);
      return new ExternalCluster(addresses, hooks, spec.dir);
    },
  };
}
