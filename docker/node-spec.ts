// What one store node's container runs: the store's flags (peers by container
// name, fixed ports inside each container) and libfaketime's environment.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
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

/** libfaketime's relative offset syntax: "+1.500s", "-0.250s". */
export function faketimeSpec(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  return `${sign}${(Math.abs(offsetMs) / 1000).toFixed(3)}s\n`;
}

export function nodeCommand(
  image: StoreImage,
  runId: string,
  id: string,
  ids: readonly string[],
  storeArgs: readonly string[],
): string[] {
  const peers = ids
    .filter((b) => b !== id)
    .flatMap((b) => ['--peer', `${b}=${containerName(runId, b)}:${PEER_PORT}`]);
  const leaderArgs = storeArgs.includes('--leader') ? [] : ['--leader', ids[0]!];
  return [
    image.nodeBinary,
    IMAGE_PATHS.bundle,
    ...['--id', id, '--host', '0.0.0.0'],
    ...['--client-port', String(CLIENT_PORT), '--peer-port', String(PEER_PORT)],
    ...peers,
    ...['--data-dir', IMAGE_PATHS.data],
    ...leaderArgs,
    ...storeArgs,
  ];
}

/** The clock follows the mounted offset file on every call; monotonic time is left alone. */
export function nodeEnv(image: StoreImage): Record<string, string> {
  if (!image.hasFaketime) return {};
  return {
    LD_PRELOAD: IMAGE_PATHS.faketime,
    FAKETIME_TIMESTAMP_FILE: OFFSET_FILE,
    FAKETIME_NO_CACHE: '1',
    // Node's timers misbehave when monotonic time jumps.
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
    // C numerics, so libfaketime reads "+1.500s" with a dot.
    LC_NUMERIC: 'C',
  };
}
