// How the local and Docker backends run one store node: store/main.ts with
// the flags it takes (store/README.md), peers dialed through their link
// proxies, the store's own clock offset where libfaketime is not used.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScriptLauncher } from '../../core/launcher.ts';
import { LOOPBACK } from '../../kit/ports.ts';
import { takesFlag } from '../../store/options.ts';
import { postStoreClockOffset } from './clock.ts';

export const STORE_ENTRY = resolve(
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'store', 'main.ts'),
);

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

/** The store from an entry file [default: store/main.ts; tests pass a stand-in that takes its flags]. */
export function storeLauncher(entry: string = STORE_ENTRY): ScriptLauncher {
  return {
    kind: 'script',
    name: 'store',
    entry,
    // Only the real store is the CLI's `store` command; a stand-in runs from its own file.
    ...(entry === STORE_ENTRY ? { cliCommand: ['store'] } : {}),
    // The store's peers send JSON lines, so loss and duplication can act on whole messages.
    peerFraming: 'line',
    args: (node, nodeArgs) => {
      const { ids, ...rest } = node;
      return storeNodeArgs({ ...rest, leader: ids[0]!, storeArgs: nodeArgs });
    },
    setClockOffset: postStoreClockOffset,
  };
}
