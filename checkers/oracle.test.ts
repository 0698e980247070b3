// Every history in the shared oracle corpus, with the verdict its tool
// asserts. The corpus lives beside the repository (../shared/oracle).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check } from './checker.ts';
import { importHistory } from './importers/index.ts';
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
] as const;

describe('oracle corpus', () => {
  if (!existsSync(ORACLE_DIR)) {
    it.skip(`skipped: oracle corpus not found at ${ORACLE_DIR}`, () => {});
    return;
  }
  for (const s of SUITES) {
    const dir = join(ORACLE_DIR, s.dir);
    const rows = verdicts(dir);
    it(`${s.dir} has verdicts`, () => expect(rows.length).toBeGreaterThan(0));
    it.each(rows)(`${s.dir}/%s is %s`, (file, verdict) => {
      const ops = importHistory(s.format, readFileSync(join(dir, file), 'utf8'));
      const r = check(getChecker(s.checker), ops);
      expect(r.valid).toBe(verdict === 'linearizable');
      if (r.valid === false) {
        expect(r.anomalies[0]!.kind).toBe('not-linearizable');
        expect(r.anomalies[0]!.ops.length).toBeGreaterThan(0);
      }
    });
  }
});
