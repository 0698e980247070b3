// `splitbrain check` as a user meets it: other tools' histories with their
// own default checkers and no --checkers (every oracle file, in process), no
// exit 0 on an empty history, bad input as exit 3 naming file and line, and
// a re-check that leaves the run's results.json alone.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitbrain } from './testing/cli.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPath } from './check.ts';
import { resolveHistoryInput } from './rundir.ts';

const ORACLE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'oracle');
const dir = mkdtempSync(join(tmpdir(), 'splitbrain-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => splitbrain(args);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const line = (index: number, type: string, process: number, f: string, value: unknown) =>
  JSON.stringify({ index, type, process, f, value, time: index * 1e6 });

function rows(dirName: string): [string, string][] {
  const tsv = join(ORACLE, dirName, 'verdicts.tsv');
  if (!existsSync(tsv)) return [];
  return readFileSync(tsv, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t') as [string, string]);
}

describe.skipIf(!existsSync(ORACLE))(
  'every oracle file, with no --checkers and no --format',
  () => {
    const all = ['porcupine/etcd', 'porcupine/kv', 'knossos'].flatMap((d) =>
      rows(d).map(([f, v]): [string, string] => [join(d, f), v]),
    );
    it('has files', () => expect(all.length).toBeGreaterThan(100));
    it.each(all)('%s is %s', (rel, verdict) => {
      const path = join(ORACLE, rel);
      const { results } = checkPath({ path, input: resolveHistoryInput(path), checkers: [] });
      expect(results.valid).toBe(verdict === 'linearizable' || verdict === 'valid');
    });

    it('etcd_000.log through the binary: not linearizable, exit 1', async () => {
      const log = join(ORACLE, 'porcupine/etcd/etcd_000.log');
      for (const res of [
        await cli('check', log, '--format', 'porcupine-etcd'),
        await cli('check', log),
      ]) {
        expect(res.stdout).toMatch(/✗ linearizable-register\s+INVALID/);
        expect(res.exitCode).toBe(1);
      }
    });
  },
);

describe('check exits 3 on bad input, naming file, line and fix', () => {
  it('an empty history, a blank file and /dev/null hold no ops', async () => {
    for (const path of [file('empty.jsonl', ''), file('blank.jsonl', '\n \n'), '/dev/null']) {
      const res = await cli('check', path);
      expect(res.exitCode).toBe(3);
      expect(res.stderr).toContain(`${path}: the history holds no ops`);
    }
  });

  it('a version given as a string, and a register history given to a kv checker', async () => {
    const str = file(
      'string.jsonl',
      [
        '',
        line(0, 'invoke', 1, 'write', [['w', 'k1', '5']]),
        line(1, 'ok', 1, 'write', [['w', 'k1', '5']]),
      ].join('\n'),
    );
    const res = await cli('check', str);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain(`${str}:line 2: op 0: the value of k1 must be a positive integer`);
    const reg = file(
      'reg.jsonl',
      [line(0, 'invoke', 1, 'read', null), line(1, 'ok', 1, 'read', 3)].join('\n'),
    );
    const res2 = await cli('check', reg, '--checkers', 'read-your-writes');
    expect(res2.exitCode).toBe(3);
    expect(res2.stderr).toContain(
      `${reg}:line 1: op 0: a read's value must be a non-empty list of micro-ops, got null`,
    );
    expect(res2.stderr).toContain('--checkers linearizable-register');
  });

  it('a file whose format cannot be told', async () => {
    const odd = file('odd.txt', 'hello world\n');
    const res = await cli('check', odd);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('cannot tell its format from its first lines');
    expect(res.stderr).toContain('--format jsonl|jepsen-edn|porcupine-etcd|porcupine-kv');
  });
});

describe('check on a run directory', () => {
  const w = (i: number, v: number, type = 'ok') => line(i, type, 1, 'write', [['w', 'k1', v]]);
  const r = (i: number, v: number | null, type = 'ok') =>
    line(i, type, 1, 'read', [['r', 'k1', v]]);
  const run = join(dir, 'run');
  mkdirSync(run);
  writeFileSync(
    join(run, 'history.jsonl'),
    [
      w(0, 1, 'invoke'),
      w(1, 1),
      r(2, null, 'invoke'),
      r(3, 1),
      r(4, null, 'invoke'),
      r(5, 1),
      '{"index":6,"ty',
    ].join('\n'),
  );
  writeFileSync(
    join(run, 'config.json'),
    JSON.stringify({ checkers: ['read-your-writes', 'monotonic-reads'] }),
  );
  const results = join(run, 'results.json');

  it('restores a missing results.json, then leaves it alone unless asked', async () => {
    const first = await cli('check', run);
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toMatch(/note: .*history\.jsonl line 7 is torn/);
    const record = readFileSync(results, 'utf8');
    expect(Object.keys(JSON.parse(record))).toEqual([
      'valid',
      'read-your-writes',
      'monotonic-reads',
    ]);

    const other = join(dir, 'other.json');
    const again = await cli('check', run, '--checkers', 'read-your-writes', '--output', other);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('is left as it was; --write-results replaces it');
    expect(readFileSync(results, 'utf8')).toBe(record);
    expect(Object.keys(JSON.parse(readFileSync(other, 'utf8')))).toEqual([
      'valid',
      'read-your-writes',
    ]);

    await cli('check', run, '--checkers', 'read-your-writes', '--write-results');
    expect(Object.keys(JSON.parse(readFileSync(results, 'utf8')))).toEqual([
      'valid',
      'read-your-writes',
    ]);
  });

  it("without --checkers in config.json, checks with the run's own checkers (results.json names them)", async () => {
    const own = join(dir, 'own');
    mkdirSync(own);
    writeFileSync(
      join(own, 'history.jsonl'),
      [w(0, 1, 'invoke'), w(1, 1), r(2, null, 'invoke'), r(3, 1)].join('\n'),
    );
    writeFileSync(join(own, 'config.json'), JSON.stringify({ workload: 'kv' }));
    // A system's added checker (convergence on MariaDB) is in the run's results, not the workload's defaults.
    const ran = {
      valid: true,
      'monotonic-reads': { valid: true },
      convergence: { valid: 'unknown' },
    };
    writeFileSync(join(own, 'results.json'), JSON.stringify(ran));
    const out = join(dir, 'own.json');
    await cli('check', own, '--output', out);
    expect(Object.keys(JSON.parse(readFileSync(out, 'utf8')))).toEqual([
      'valid',
      'monotonic-reads',
      'convergence',
    ]);
  });
});
