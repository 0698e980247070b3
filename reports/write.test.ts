import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticRun } from './synthetic.ts';
import { readRunDir, ReportInputError, writeReports } from './write.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'splitbrain-report-'));
  const run = syntheticRun({ records: 500 });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(run.config));
  writeFileSync(join(dir, 'results.json'), JSON.stringify(run.results));
  writeFileSync(
    join(dir, 'history.jsonl'),
    run.history.map((o) => JSON.stringify(o)).join('\n') + '\n',
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeReports', () => {
  it('writes report.html and junit.xml into the run directory', () => {
    const out = writeReports(dir);
    expect(readFileSync(out.html, 'utf8')).toContain('<!doctype html>');
    expect(readFileSync(out.junit, 'utf8')).toContain('<testsuites');
  });

  it('names a missing file', () => {
    rmSync(join(dir, 'results.json'));
    expect(() => writeReports(dir)).toThrow(ReportInputError);
    expect(() => writeReports(dir)).toThrow(/results\.json is missing; run `splitbrain check/);
  });

  it('names an unparseable file and says how to fix it', () => {
    writeFileSync(join(dir, 'config.json'), '{"test": ');
    expect(() => writeReports(dir)).toThrow(/config\.json is not valid JSON/);
  });

  it('leaves out a torn last line, and says so in the report', () => {
    const line = '{"index":0,"type":"invoke","process":1,"f":"read","value":null,"time":1}';
    writeFileSync(join(dir, 'history.jsonl'), `${line}\n{"ind\n`);
    const input = readRunDir(dir);
    expect(input.history).toHaveLength(1);
    expect(input.notes).toEqual([expect.stringMatching(/^history\.jsonl line 2 is torn/)]);
    expect(readFileSync(writeReports(dir).html, 'utf8')).toContain('line 2 is torn');
  });

  it('names a broken history line that is not the last', () => {
    const line = (i: number) => `{"index":${i},"type":"invoke","process":1,"f":"read","time":1}`;
    writeFileSync(join(dir, 'history.jsonl'), `${line(0)}\n{"ind\n${line(1)}\n`);
    expect(() => writeReports(dir)).toThrow(
      /history\.jsonl: line 2: not valid JSON.*only the last line may be torn/,
    );
  });

  it('rejects results.json whose checker entries lack a verdict', () => {
    writeFileSync(join(dir, 'results.json'), '{"valid": true, "ryw": {"anomalies": []}}');
    expect(() => writeReports(dir)).toThrow(/checker "ryw" must be an object with "valid"/);
  });
});
