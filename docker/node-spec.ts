// What one node's container runs: the launcher's flags (peers by container
// name, fixed ports inside each container) and libfaketime's environment.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { ScriptLauncher } from '../core/launcher.ts';
import { faketimeEnv } from '../kit/faketime.ts';
import { IMAGE_PATHS, type StoreImage } from './image.ts';

/** Ports inside every container; each container has its own address. */
export const CLIENT_PORT = 7000;
export const PEER_PORT = 7001;
/** Where the node's offset file is mounted. */
export const OFFSET_FILE = `${IMAGE_PATHS.offsetDir}/offset`;

/** A short id for a run directory: names and labels everything the run creates. */
export function runIdFor(dir: string): string {
  return createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 12);
}

export function containerName(runId: string, id: string): string {
  return `splitbrain-${runId}-${id}`;
}

export function nodeCommand(
  launcher: ScriptLauncher,
  image: StoreImage,
  runId: string,
  id: string,
  ids: readonly string[],
  nodeArgs: readonly string[],
): string[] {
  const peers = ids
    .filter((b) => b !== id)
    .map((b) => ({ id: b, host: containerName(runId, b), port: PEER_PORT }));
  const args = launcher.args(
    {
      id,
      ids,
      // Every address of the container: peers and the controller dial it from outside.
      listenHost: '0.0.0.0',
      clientPort: CLIENT_PORT,
      peerPort: PEER_PORT,
      peers,
      dataDir: IMAGE_PATHS.data,
    },
    nodeArgs,
  );
  return [image.nodeBinary, IMAGE_PATHS.bundle, ...args];
}

/** The clock follows the mounted offset file on every call; monotonic time is left alone. */
export function nodeEnv(image: StoreImage): Record<string, string> {
  if (!image.hasFaketime) return {};
  // An empty base: nothing else is preloaded inside the image.
  return faketimeEnv(IMAGE_PATHS.faketime, OFFSET_FILE, {});
}
