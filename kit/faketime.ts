// Clock skew through libfaketime: the node runs with the library preloaded
// and reads its offset from a per-node file on every clock call
// (FAKETIME_NO_CACHE), so writing the file shifts the node's wall clock at
// once. Monotonic time is left alone (FAKETIME_DONT_FAKE_MONOTONIC) because
// Node's timers misbehave when it moves.
import { existsSync, writeFileSync } from 'node:fs';

/** Where Debian's faketime package puts the multithreaded library. */
export const FAKETIME_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/faketime/libfaketimeMT.so.1',
  '/usr/local/lib/faketime/libfaketimeMT.so.1',
] as const;

/** The libfaketimeMT.so.1 path on this machine, or null when faketime is not installed. */
export function findFaketime(candidates: readonly string[] = FAKETIME_CANDIDATES): string | null {
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** libfaketime's relative offset syntax: "+1.5s", "-0.25s". */
export function faketimeSpec(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  return `${sign}${(Math.abs(offsetMs) / 1000).toFixed(3)}s`;
}

export function writeOffsetFile(path: string, offsetMs: number): void {
  writeFileSync(path, `${faketimeSpec(offsetMs)}\n`);
}

/** Environment that makes a node's wall clock follow the offset file. */
export function faketimeEnv(
  libPath: string,
  timestampFile: string,
  base: NodeJS.ProcessEnv,
): Record<string, string> {
  const preload = base.LD_PRELOAD ? `${base.LD_PRELOAD}:${libPath}` : libPath;
  return {
    LD_PRELOAD: preload,
    FAKETIME_TIMESTAMP_FILE: timestampFile,
    FAKETIME_NO_CACHE: '1',
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
    // C numerics, so libfaketime reads "+1.500s" with a dot whatever the locale.
    LC_NUMERIC: 'C',
  };
}
