// Per-link control for etcd. Every member advertises one peer URL that all
// others dial, so a proxy per link cannot be chosen by address. Instead each
// member's advertised peer port is a demultiplexer: it reads the first HTTP
// request of a connection, whose X-Server-From header names the dialing
// member (rafthttp sets it on streams, pipelines and snapshots), and passes
// the connection on through that link's LinkProxy. Connections without the
// header (version checks, probes: no raft messages) go straight to the member.
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { SpliceServer, splice } from '../../kit/splice-server.ts';

/** etcd's id of an initial member: sha1(sorted peer URLs + cluster token), first 8 bytes, in hex. */
export function etcdMemberId(peerUrls: readonly string[], clusterToken: string): string {
  const b = [...peerUrls].sort().join('') + clusterToken;
  return createHash('sha1').update(b).digest().subarray(0, 8).readBigUInt64BE().toString(16);
}

const MAX_HEADER_BYTES = 16 * 1024;
const FROM = /\r\nX-Server-From:\s*([0-9a-fA-F]+)\r\n/i;

export interface DemuxRoute {
  /** Member id (hex) → the port of the link proxy from that member to this one. */
  readonly linkPort: (memberHex: string) => number | null;
  /** The member's own peer port, for connections that name no sender. */
  readonly directPort: number;
}

export class EtcdDemux extends SpliceServer {
  constructor(private readonly route: DemuxRoute) {
    super();
  }

  protected accept(client: Socket): void {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const text = head.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0 && head.length < MAX_HEADER_BYTES) return;
      client.off('data', onData);
      client.pause();
      const m = FROM.exec(text.slice(0, end < 0 ? undefined : end + 2));
      const port = (m ? this.route.linkPort(m[1]!.toLowerCase()) : null) ?? this.route.directPort;
      const upstream = this.connectUpstream(port);
      upstream.setNoDelay(true);
      upstream.write(head);
      splice(client, upstream);
      client.resume();
    };
    client.on('data', onData);
  }
}
