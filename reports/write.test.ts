import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticRun } from './synthetic.ts';
import { ReportInputError, writeReports } from './write.ts';

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

  it('names the history line that is broken', () => {
    writeFileSync(
      join(dir, 'history.jsonl'),
      '{"index":0,"type":"invoke","process":1,"f":"read","time":1}\n{"ind',
    );
    expect(() => writeReports(dir)).toThrow(
      /history\.jsonl: line 2: not valid JSON.*torn last line/,
    );
  });

  it('rejects results.json whose checker entries lack a verdict', () => {
    writeFileSync(join(dir, 'results.json'), '{"valid": true, "ryw": {"anomalies": []}}');
    expect(() => writeReports(dir)).toThrow(/checker "ryw" must be an object with "valid"/);
  });
});
