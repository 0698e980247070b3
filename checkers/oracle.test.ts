// Every history in the shared oracle corpus, read exactly as shipped, with the
// verdict its tool asserts, judged by the checkers its format brings by
// default (no checker named): Porcupine's etcd and kv logs, Knossos's
// cas-register data. The corpus lives beside the repository (../shared/oracle).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkAll } from './checker.ts';
import { defaultsFor, detectFormat } from './importers/formats.ts';
import { readImported } from './importers/index.ts';
import { getChecker } from './registry.ts';

const ORACLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'oracle');

function verdicts(dir: string): [string, string][] {
  const path = join(dir, 'verdicts.tsv');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t') as [string, string]);
}

const SUITES = [
  { dir: 'porcupine/etcd', format: 'porcupine-etcd', checker: 'linearizable-register' },
  { dir: 'porcupine/kv', format: 'porcupine-kv', checker: 'linearizable-string-kv' },
  { dir: 'knossos', format: 'jepsen-edn', checker: 'linearizable-cas-register' },
] as const;

const GOOD = new Set(['linearizable', 'valid']);

describe('oracle corpus, with each format’s default checkers', () => {
  if (!existsSync(ORACLE_DIR)) {
    it.skip(`skipped: oracle corpus not found at ${ORACLE_DIR}`, () => {});
    return;
  }
  for (const s of SUITES) {
    const dir = join(ORACLE_DIR, s.dir);
    const rows = verdicts(dir);
    it(`${s.dir} has verdicts`, () => expect(rows.length).toBeGreaterThan(0));
    it.each(rows)(`${s.dir}/%s is %s`, (file, verdict) => {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(detectFormat(text)).toBe(s.format);
      const { ops } = readImported(s.format, text);
      const defaults = defaultsFor(s.format, ops);
      if (!('checkers' in defaults)) throw new Error(defaults.why);
      expect(defaults.checkers).toEqual([s.checker]);
      const checkers = defaults.checkers.map((id) => getChecker(id, { model: defaults.model }));
      const r = checkAll(checkers, ops)[s.checker]!;
      expect(r.valid).toBe(GOOD.has(verdict));
      if (r.valid === false) {
        expect(r.anomalies[0]!.kind).toBe('not-linearizable');
        expect(r.anomalies[0]!.ops.length).toBeGreaterThan(0);
      }
    });
  }
});
