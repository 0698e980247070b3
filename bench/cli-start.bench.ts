// How long `splitbrain` takes to start, as a user's shell sees it: process
// wall time of `--version` and of `check` on a small history, from the
// prebuilt bundle (what `npm ci` installs) and through tsx (what runs when
// the sources are newer than the bundle), beside a bare `node -e 0` (this
// machine's floor). Repeated spawns, median, hyperfine-style; the targets
// are issue 19's: --version under 300 ms, check under 500 ms.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKv } from './gen-kv.ts';
import { round } from './measure.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'splitbrain.js');
const WORK = join(ROOT, 'tmp', 'bench-cli-start');
const RUNS = { bundle: 15, sources: 5 } as const;
const TARGET_MS = { version: 300, check: 500 } as const;
const HISTORY_OPS = 200;

/** Median wall time of `runs` spawns (after one warm-up), in ms; fails on a wrong exit code. */
function medianMs(args: readonly string[], env: NodeJS.ProcessEnv, runs: number, code = 0) {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { env: { ...process.env, ...env } });
    const ms = performance.now() - t;
    if (r.status !== code)
      throw new Error(`${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 400)}`);
    if (i > 0) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return round(times[Math.floor(times.length / 2)]!, 0);
}

function smallHistory(): string {
  const path = join(WORK, 'history.jsonl');
  const lines = [...generateKv({ ops: HISTORY_OPS, slots: 5, seed: 7 })].map((op) =>
    JSON.stringify(op),
  );
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Beside the target, the time above a bare node start: steadier when the machine is loaded. */
function figure(measuredMs: number, targetMs: number, floorMs: number) {
  return { measuredMs, targetMs, met: measuredMs < targetMs, aboveFloorMs: measuredMs - floorMs };
}

export default function benchCliStart() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  // A bundle of the sources as they are now, as `npm ci` would make it.
  const dist = join(WORK, 'dist');
  const built = spawnSync(process.execPath, [join(ROOT, 'bin', 'build.js'), dist]);
  if (built.status !== 0) throw new Error(`bin/build.js failed: ${String(built.stderr)}`);
  const history = smallHistory();
  const bundle = { SPLITBRAIN_BUNDLE: dist, NO_COLOR: '1' };
  const sources = { SPLITBRAIN_BUNDLE: 'off', NO_COLOR: '1' };
  const check = [BIN, 'check', history];
  const floorMs = medianMs(['-e', '0'], {}, RUNS.bundle);
  const result = {
    nodeFloorMs: floorMs,
    version: figure(medianMs([BIN, '--version'], bundle, RUNS.bundle), TARGET_MS.version, floorMs),
    check: figure(medianMs(check, bundle, RUNS.bundle), TARGET_MS.check, floorMs),
    throughTsx: {
      versionMs: medianMs([BIN, '--version'], sources, RUNS.sources),
      checkMs: medianMs(check, sources, RUNS.sources),
    },
    historyOps: HISTORY_OPS,
  };
  rmSync(WORK, { recursive: true, force: true });
  return result;
}
