// The history's promise (docs: "History format"), held against a real
// SIGKILL: a controller killed mid-run leaves a file whose every line is
// whole, holding the invoke of every request that left the process, and the
// completion of every op after which its session went on to send another.
// Only ops in flight at the kill may lack a completion.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHistory, type Op } from '../core/history.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'recording-controller.ts');
/** Requests sent before the kill: enough for many turns of batched writes. */
const SENT_BEFORE_KILL = 3000;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const lines = (path: string): string[] =>
  existsSync(path) ? readFileSync(path, 'utf8').split('\n').slice(0, -1) : [];

async function killMidRun(dir: string): Promise<{ history: Op[]; sent: string[] }> {
  const historyPath = join(dir, 'history.jsonl');
  const sentPath = join(dir, 'sent.txt');
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, historyPath, sentPath], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    while (lines(sentPath).length < SENT_BEFORE_KILL) {
      if (child.exitCode !== null) throw new Error(`controller exited early: ${stderr}`);
      await sleep(20);
    }
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  return { history: parseHistory(readFileSync(historyPath, 'utf8')), sent: lines(sentPath) };
}

describe('history recording under a SIGKILL of the controller', () => {
  it('keeps the invoke of every request sent, and the completion of every op its session moved on from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitbrain-recorder-crash-'));
    dirs.push(dir);
    const { history, sent } = await killMidRun(dir);
    expect(sent.length).toBeGreaterThanOrEqual(SENT_BEFORE_KILL);
    expect(history.map((o) => o.index)).toEqual([...history.keys()]);
    const key = (process: unknown, value: unknown) => `${String(process)} ${JSON.stringify(value)}`;
    const invoked = new Set(
      history.filter((o) => o.type === 'invoke').map((o) => key(o.process, o.value)),
    );
    const completed = new Set(
      history.filter((o) => o.type === 'ok').map((o) => key(o.process, o.value)),
    );
    const missingInvokes = sent.filter((s) => !invoked.has(s));
    expect(missingInvokes, 'requests sent whose invoke is not in the history').toEqual([]);
    // Each session's ops, in the order they were sent: all but its last had completed.
    const bySession = new Map<string, string[]>();
    for (const s of sent) {
      const session = s.split(' ')[0]!;
      bySession.set(session, [...(bySession.get(session) ?? []), s]);
    }
    const missingCompletions = [...bySession.values()].flatMap((ops) =>
      ops.slice(0, -1).filter((s) => !completed.has(s)),
    );
    expect(
      missingCompletions,
      'ops followed by another of their session, without a completion',
    ).toEqual([]);
  }, 120_000);
});
