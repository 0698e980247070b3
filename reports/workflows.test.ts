import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkerIds } from '../checkers/registry.ts';
import {
  applicableCheckers,
  nightlyCoverageErrors,
  nightlyRows,
  workflowErrors,
} from './workflows.ts';

const NIGHTLY = readFileSync('.github/workflows/nightly.yml', 'utf8');
const broken = (from: string, to: string) => {
  expect(NIGHTLY, `the fixture edit needs "${from}" in nightly.yml`).toContain(from);
  return NIGHTLY.replace(from, to);
};

describe('workflowErrors (GitHub’s workflow parser)', () => {
  it('finds nothing wrong with nightly.yml', async () => {
    expect(await workflowErrors('nightly.yml', NIGHTLY)).toEqual([]);
  });

  it.each([
    [
      'a misspelt job key',
      'runs-on: ubuntu-latest',
      'run-on: ubuntu-latest',
      /Unexpected value 'run-on'/,
    ],
    ['a bad indent', '    steps:', '   steps:', /same column/],
    [
      'an unknown step key',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/checkout@v4\n        wiht: {}',
      /Unexpected value 'wiht'/,
    ],
    ['a bad cron', "'17 3 * * *'", "'99 3 * * *'", /Invalid cron expression/],
    [
      'an unclosed expression',
      '${{ matrix.name }}',
      '${{ matrix.name }',
      /expression is not closed/,
    ],
    [
      'an unknown context',
      'github.run_number',
      'githb.run_number',
      /Unrecognized named-value: 'githb'/,
    ],
    [
      'a number that is not one',
      'timeout-minutes: 30',
      'timeout-minutes: soon',
      /Unexpected value 'soon'/,
    ],
  ])('catches %s, naming the line', async (_what, from, to, message) => {
    const errors = await workflowErrors('nightly.yml', broken(from, to));
    expect(errors.join('\n')).toMatch(message);
    expect(errors.join('\n')).toMatch(/\(Line: \d+, Col: \d+\)|line \d+/);
  });
});

describe('nightly matrix coverage', () => {
  it('runs every checker that applies on every row of nightly.yml', () => {
    expect(nightlyCoverageErrors(NIGHTLY)).toEqual([]);
    const rows = nightlyRows(NIGHTLY);
    expect(rows.map((r) => r.name)).toContain('leader-reads-kill');
    // The durability and convergence checks the defaults never ran.
    for (const r of rows)
      expect(r.checkers).toEqual(expect.arrayContaining(['lost-writes', 'convergence']));
  });

  it('flags a row that leaves out a checker that applies, by name', () => {
    const text = broken(
      'checkers: read-your-writes,monotonic-reads,consistent-prefix,monotonic-writes,writes-follow-reads,lost-writes,convergence,staleness,linearizable-kv\n            expect: valid\n          - name: sync-any',
      'checkers: read-your-writes,monotonic-reads,consistent-prefix\n            expect: valid\n          - name: sync-any',
    );
    const errors = nightlyCoverageErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^nightly.yml row leader-reads-kill: checkers monotonic-writes, writes-follow-reads, lost-writes, convergence, staleness, linearizable-kv apply but are not run/,
    );
  });

  it('flags unknown checkers and a bad expectation', () => {
    const text = broken('expect: anomaly', 'expect: anything').replace(
      'staleness\n            expect: anything',
      'staleness,bogus\n            expect: anything',
    );
    expect(nightlyCoverageErrors(text)).toEqual([
      'nightly.yml row canary-async-any-reads: unknown checkers bogus',
      'nightly.yml row canary-async-any-reads: expect must be valid or anomaly, got "anything"',
    ]);
  });

  it('holds linearizability to leader reads only, and requires every other kv checker everywhere', () => {
    expect(applicableCheckers('--read-from leader --nemesis kill')).toContain('linearizable-kv');
    expect(applicableCheckers('--read-from lsn-token')).not.toContain('linearizable-kv');
    expect(applicableCheckers('--read-from leader-window')).not.toContain('linearizable-kv');
    // A checker in the registry is required unless excluded with a reason.
    expect(applicableCheckers('--read-from any')).toEqual(
      checkerIds().filter(
        (id) =>
          ![
            'causal',
            'linearizable-register',
            'linearizable-string-kv',
            'linearizable-kv',
            'linearizable-cas-register',
            'linearizable-multi-register',
            'linearizable-mutex',
            'run-health',
          ].includes(id),
      ),
    );
    expect(applicableCheckers('--read-from any')).not.toContain('causal');
  });
});

describe('npm run lint:workflows', () => {
  it('exits 1 on a broken workflow, naming it, and 0 on nightly.yml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitbrain-workflows-'));
    try {
      const run = () =>
        execFileSync('npx', ['tsx', 'reports/validate-workflows.ts', dir], {
          encoding: 'utf8',
          stdio: 'pipe',
        });
      writeFileSync(join(dir, 'nightly.yml'), NIGHTLY);
      expect(run()).toBe('workflows: ok\n');
      writeFileSync(join(dir, 'nightly.yml'), broken('runs-on:', 'run-on:'));
      let failure: { status?: number; stderr?: string } = {};
      try {
        run();
      } catch (err) {
        failure = err as { status?: number; stderr?: string };
      }
      expect(failure.status).toBe(1);
      expect(failure.stderr).toMatch(
        /nightly\.yml \(Line: \d+, Col: 5\): Unexpected value 'run-on'/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
