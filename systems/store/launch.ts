// The command line and environment of one store node (the flags store/main.ts
// takes; see store/README.md).
import { faketimeEnv, writeOffsetFile } from '../../kit/faketime.ts';
import { LOOPBACK } from '../../kit/ports.ts';
import { takesFlag } from '../../store/options.ts';

export interface NodeArgs {
  readonly id: string;
  /** Address the node listens on [default: the store's own, loopback]. */
  readonly listenHost?: string;
  readonly clientPort: number;
  readonly peerPort: number;
  /** Where this node dials each peer (host defaults to loopback): its proxy for that link. */
  readonly peers: readonly { readonly id: string; readonly host?: string; readonly port: number }[];
  readonly dataDir: string;
  /** Initial leader, unless storeArgs name one or their --mode has no leader. */
  readonly leader: string;
  readonly storeArgs: readonly string[];
}

export function storeNodeArgs(a: NodeArgs): string[] {
  const named = a.storeArgs.some((x) => x === '--leader' || x.startsWith('--leader='));
  const leader = named || !takesFlag(a.storeArgs, 'leader') ? [] : ['--leader', a.leader];
  return [
    '--id',
    a.id,
    ...(a.listenHost === undefined ? [] : ['--host', a.listenHost]),
    '--client-port',
    String(a.clientPort),
    '--peer-port',
    String(a.peerPort),
    ...a.peers.flatMap((p) => ['--peer', `${p.id}=${p.host ?? LOOPBACK}:${p.port}`]),
    '--data-dir',
    a.dataDir,
    ...leader,
    ...a.storeArgs,
  ];
}

/** With libfaketime: preload it, reading a fresh zero offset from offsetFile. */
export function storeNodeEnv(
  faketimeLib: string | null,
  offsetFile: string,
): Record<string, string> {
  if (faketimeLib === null) return {};
  writeOffsetFile(offsetFile, 0);
  return faketimeEnv(faketimeLib, offsetFile, process.env);
}
