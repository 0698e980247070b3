// Peak memory of `check` with the session checkers on history files of
// growing length: the file is streamed, so the peak RSS of the checking
// process should follow sessions × keys, not the file's size. Each check runs
// in its own process, whose peak RSS (getrusage) is the figure. No op ends
// in info, so no session is retired and sessions × keys stay the same.
import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { serializeOp } from '../core/history.ts';
import { generateKv } from './gen-kv.ts';
import { round } from './measure.ts';

const SIZES = [500_000, 3_000_000];
/** Growth allowed from the smallest file to a file six times its size. */
const TARGET_PEAK_RSS_GROWTH_PERCENT = 25;

/** Writes the generated history in 1 MB pieces, never holding it whole. */
function writeHistory(path: string, ops: number): number {
  const fd = openSync(path, 'w');
  let piece = '';
  for (const op of generateKv({ ops, seed: 11, infoRate: 0 })) {
    piece += serializeOp(op) + '\n';
    if (piece.length > 1 << 20) {
      writeSync(fd, piece);
      piece = '';
    }
  }
  writeSync(fd, piece);
  closeSync(fd);
  return statSync(path).size;
}

const CHILD = `
import { checkHistoryFile } from './harness/check.ts';
const r = checkHistoryFile(process.argv[1], ['read-your-writes', 'monotonic-reads', 'consistent-prefix']);
console.log(JSON.stringify({ valid: r.valid, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
`;

function checkInChild(path: string): { valid: unknown; peakRssMb: number } {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', CHILD, path],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as { valid: unknown; peakRssMb: number };
}

export default function benchSessionRss(): Record<string, unknown> {
  const dir = resolve('tmp/bench');
  mkdirSync(dir, { recursive: true });
  const rows = SIZES.map((ops) => {
    const path = join(dir, `kv-rss-${ops}.jsonl`);
    const bytes = writeHistory(path, ops);
    const r = checkInChild(path);
    return { ops, fileMb: round(bytes / 1e6), peakRssMb: round(r.peakRssMb), valid: r.valid };
  });
  const growth = (100 * (rows[1]!.peakRssMb - rows[0]!.peakRssMb)) / rows[0]!.peakRssMb;
  return {
    files: rows,
    peakRssGrowthPercent: { measured: round(growth), target: TARGET_PEAK_RSS_GROWTH_PERCENT },
  };
}
