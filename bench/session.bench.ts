// The session checkers (read-your-writes, monotonic-reads, consistent-prefix)
// together on a generated 1,000,000-op kv history, against the time to parse
// that history file in the same run; and their memory, which should follow
// sessions × keys rather than history length.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkAll, type CheckPass } from '../checkers/checker.ts';
import { serializeOp, type Op } from '../core/history.ts';
import { getChecker } from '../checkers/registry.ts';
import { readHistoryFile } from '../core/history-file.ts';
import { generateKv } from './gen-kv.ts';
import { bestMs, heapUsedMb, round } from './measure.ts';

const SESSION_CHECKERS = ['read-your-writes', 'monotonic-reads', 'consistent-prefix'];
const OPS = 1_000_000;

function writeHistory(path: string, ops: Iterable<Op>): void {
  const lines: string[] = [];
  for (const op of ops) lines.push(serializeOp(op));
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Heap held by the checkers' passes after streaming `ops` generated ops through them. */
function retainedMb(ops: number, slots: number, infoRate: number): Record<string, number> {
  const checkers = SESSION_CHECKERS.map((id) => getChecker(id));
  const before = heapUsedMb();
  const passes: CheckPass[] = checkers.map((c) => c.start());
  for (const op of generateKv({ ops, slots, infoRate, seed: 7 }))
    for (const p of passes) p.step(op);
  const held = heapUsedMb() - before;
  const cp = passes[2]!.finish().stats;
  return {
    ops,
    slots,
    keys: Number(cp.keys),
    heapMb: round(held),
    precedenceEntries: Number(cp.precedenceEntries),
  };
}

export default async function benchSessions(): Promise<Record<string, unknown>> {
  const dir = resolve('tmp/bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'kv-1m.jsonl');
  writeHistory(path, generateKv({ ops: OPS, seed: 3 }));

  const parse = bestMs(3, () => [...readHistoryFile(path)]);
  const ops = parse.value;
  const checkers = SESSION_CHECKERS.map((id) => getChecker(id));
  const check = bestMs(3, () => checkAll(checkers, ops));
  const verdicts = Object.fromEntries(Object.entries(check.value).map(([id, r]) => [id, r.valid]));
  const perChecker = Object.fromEntries(
    checkers.map((c) => [c.id, round(bestMs(2, () => checkAll([c], ops)).ms)]),
  );

  // Same sessions and keys, growing history; then more sessions and keys.
  const memory = [
    retainedMb(250_000, 10, 0),
    retainedMb(500_000, 10, 0),
    retainedMb(1_000_000, 10, 0),
    retainedMb(1_000_000, 40, 0),
    retainedMb(1_000_000, 10, 0.001),
  ];
  return {
    historyOps: ops.length,
    parseMs: round(parse.ms),
    checkMs: round(check.ms),
    checkToParseRatio: round(check.ms / parse.ms, 2),
    parseCpuMs: round(parse.cpuMs),
    checkCpuMs: round(check.cpuMs),
    checkToParseCpuRatio: round(check.cpuMs / parse.cpuMs, 2),
    targetRatio: 2,
    perCheckerMs: perChecker,
    verdicts,
    memory,
  };
}
