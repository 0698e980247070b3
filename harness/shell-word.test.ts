// The repeat command is pasted into a shell: a real POSIX shell (/bin/sh)
// must split it back into exactly the argv it stands for, whatever the
// values hold ($(...), ;, backticks, quotes, newlines, unicode). One shell
// per batch of commands keeps the spawns few.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { repeatArgv, repeatCommand, resolveRunConfig, type RunConfig } from './config.ts';
import { shellCommand } from './shell-word.ts';

// The shell runs in an empty folder: were a value not quoted, what it ran
// (touch, a redirection) would land there, and the folder would not stay empty.
const cwd = mkdtempSync(join(tmpdir(), 'splitbrain-shell-word-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Each command's words as /bin/sh splits them (`set -- <command>`, then the words NUL-separated). */
function shellSplit(commands: readonly string[]): string[][] {
  const script = commands.map((c) => `set -- ${c}\nprintf '%s\\0' "$#" "$@"\n`).join('');
  const out = execFileSync('/bin/sh', ['-c', script], { cwd, maxBuffer: 64 << 20 }).toString(
    'utf8',
  );
  expect(readdirSync(cwd)).toEqual([]);
  const fields = out.split('\0');
  const result: string[][] = [];
  let i = 0;
  for (let n = 0; n < commands.length; n++) {
    const count = Number(fields[i++]);
    result.push(fields.slice(i, i + count));
    i += count;
  }
  return result;
}

const HOSTILE = [
  '$(touch pwned)',
  '`touch pwned`',
  'a; touch pwned',
  "it's",
  '"double"',
  "'\\''",
  'line\nbreak',
  'tab\there',
  '$HOME',
  '*',
  '~',
  '!x',
  '-n',
  '',
  ' ',
  'é✓💥',
  '\\',
  '#comment',
  'a|b&c>d<e',
];

/** Any text a shell argument can carry (no NUL), hostile pieces over-represented. */
const value = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(...HOSTILE),
    fc.array(fc.constantFrom(...HOSTILE), { maxLength: 4 }).map((xs) => xs.join('')),
  )
  .map((s) => s.replace(/\0/g, ''));

const BATCH = 25;
const RUNS = { numRuns: 4 };

describe('shellCommand', () => {
  it('a POSIX shell splits the command back into exactly the words', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { minLength: 1, maxLength: 6 }), {
          minLength: BATCH,
          maxLength: BATCH,
        }),
        (argvs) => {
          expect(shellSplit(argvs.map(shellCommand))).toEqual(argvs);
        },
      ),
      RUNS,
    );
  });
});

/** A config with arbitrary text in every field a value can come from, as if no check had run. */
const hostileConfig = fc
  .record({
    test: value,
    readFrom: value,
    nemesis: fc.array(value, { minLength: 1, maxLength: 3 }),
    nemesisSchedule: value,
    checkers: fc.array(value, { minLength: 1, maxLength: 3 }),
    externalNodes: fc.array(value, { minLength: 1, maxLength: 3 }),
    applyDelay: value,
    target: value,
    hook: fc.array(value, { minLength: 1, maxLength: 3 }),
    killTargets: value,
    linkFaults: value,
    system: fc.constantFrom('store', 'postgres'),
  })
  .map((v): { config: RunConfig; expected: Record<string, string> } => {
    const base = resolveRunConfig({}, 1);
    const config: RunConfig = {
      ...base,
      test: v.test,
      readFrom: v.readFrom,
      nemesis: v.nemesis,
      nemesisSchedule: v.nemesisSchedule,
      checkers: v.checkers,
      externalNodes: v.externalNodes,
      system: v.system,
      systemOptions:
        v.system === 'store'
          ? { ...base.systemOptions, applyDelayMs: v.applyDelay }
          : { pgSyncCommit: v.target },
      hooks: { kill: v.hook },
      nemesisOptions: { 'kill-targets': v.killTargets, 'link-faults': v.linkFaults },
    };
    return {
      config,
      expected: {
        '--test': v.test,
        '--read-from': v.readFrom,
        '--nemesis-schedule': v.nemesisSchedule,
        '--nodes': v.externalNodes.join(','),
        ...(v.system === 'store'
          ? { '--apply-delay-ms': v.applyDelay }
          : { '--pg-sync-commit': v.target }),
        '--hook-kill': JSON.stringify(v.hook),
        '--kill-targets': v.killTargets,
        '--link-faults': v.linkFaults,
      },
    };
  });

describe('repeatCommand', () => {
  it('quotes every value: the shell gives back the argv, each value verbatim after its flag', () => {
    fc.assert(
      fc.property(fc.array(hostileConfig, { minLength: BATCH, maxLength: BATCH }), (cases) => {
        const split = shellSplit(cases.map((c) => repeatCommand(c.config)));
        cases.forEach(({ config, expected }, i) => {
          const argv = repeatArgv(config);
          expect(split[i]).toEqual(['npx', 'splitbrain', 'run', ...argv]);
          for (const [flag, v] of Object.entries(expected))
            expect([flag, argv[argv.indexOf(flag) + 1]]).toEqual([flag, v]);
        });
      }),
      RUNS,
    );
  });

  it('a node list or schedule path holding $(...) is one quoted word', () => {
    const c = resolveRunConfig({}, 1);
    const cmd = repeatCommand({
      ...c,
      externalNodes: ['$(touch pwned):1', 'b:2'],
      nemesisSchedule: 'x; touch pwned',
    });
    expect(cmd).toContain(`--nodes '$(touch pwned):1,b:2'`);
    expect(cmd).toContain(`--nemesis-schedule 'x; touch pwned'`);
  });
});
