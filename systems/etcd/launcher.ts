// etcd 3.4 (Debian's etcd-server) as a Raft cluster of our own processes.
// Peer traffic goes member → demux (etcd-demux.ts) → link proxy → member, so
// partitions cut single links as for our store; clients reach each member
// through its client proxy and the v3 JSON gateway.
import { basename } from 'node:path';
import type { ServerContext, ServerLauncher, ServerNode } from '../../core/launcher.ts';
import { LOOPBACK } from '../../kit/ports.ts';
import { EtcdDemux, etcdMemberId } from './demux.ts';

export const ETCD = '/usr/bin/etcd';
const READY_TIMEOUT_MS = 30_000;
const HEALTH_TIMEOUT_MS = 1000;

const url = (port: number) => `http://${LOOPBACK}:${port}`;

async function healthy(port: number): Promise<boolean> {
  const res = await fetch(`${url(port)}/health`, {
    signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
  });
  const body = (await res.json()) as { health?: string };
  return body.health === 'true';
}

export function etcdLauncher(): ServerLauncher {
  const demuxes = new Map<string, EtcdDemux>();
  const advertised = new Map<string, number>();
  let token = '';
  return {
    kind: 'server',
    name: 'etcd',
    separatePeerPort: true,
    clockNote: {
      works: false,
      detail:
        'not available for etcd: Go programs read the clock through the vDSO, not libc, so libfaketime does not reach them',
    },
    async prepare(ctx: ServerContext) {
      token = `splitbrain-${basename(ctx.tmpDir)}`;
      const idToNode = new Map<string, string>();
      for (const n of ctx.nodes) {
        const d = new EtcdDemux({
          directPort: n.peerPort,
          linkPort: (hex) => {
            const from = idToNode.get(hex);
            return from === undefined || from === n.id ? null : ctx.proxyPort(from, n.id);
          },
        });
        demuxes.set(n.id, d);
        advertised.set(n.id, await d.listen());
      }
      for (const n of ctx.nodes)
        idToNode.set(etcdMemberId([url(advertised.get(n.id)!)], token), n.id);
    },
    launch(node: ServerNode, ctx: ServerContext) {
      const cluster = ctx.nodes.map((n) => `${n.id}=${url(advertised.get(n.id)!)}`).join(',');
      return {
        command: ETCD,
        args: [
          '--name',
          node.id,
          '--data-dir',
          node.dataDir,
          '--listen-client-urls',
          url(node.serverPort),
          '--advertise-client-urls',
          url(node.serverPort),
          '--listen-peer-urls',
          url(node.peerPort),
          '--initial-advertise-peer-urls',
          url(advertised.get(node.id)!),
          '--initial-cluster',
          cluster,
          '--initial-cluster-state',
          'new',
          '--initial-cluster-token',
          token,
        ],
        env: { ETCD_UNSUPPORTED_ARCH: process.arch === 'arm64' ? 'arm64' : '' },
        ready: () => healthy(node.serverPort),
        readyTimeoutMs: READY_TIMEOUT_MS,
      };
    },
    async down() {
      await Promise.all([...demuxes.values()].map((d) => d.close()));
    },
  };
}
