// For a system's own tests: its servers as the local backend runs them, and
// its installed check as the skip reason.
import type { ServerLauncher } from '../../core/launcher.ts';
import type { Installed } from '../../core/system.ts';
import { localBackend, type ServerCluster } from '../../local/index.ts';

/** A cluster of the launcher's servers on loopback, through the local backend. */
export async function serverCluster(
  launcher: ServerLauncher,
  dir: string,
  nodeCount = 3,
): Promise<ServerCluster> {
  return (await localBackend({ launcher }).up({ nodeCount, storeArgs: [], dir })) as ServerCluster;
}

/** Whether a system's server is here; a system without a server always is. */
export function have(system: { installed?: () => Installed }): Installed {
  return system.installed?.() ?? { installed: true, detail: 'no server to install' };
}
