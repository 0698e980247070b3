import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { faketimeEnv, faketimeSpec, findFaketime, writeOffsetFile } from './faketime.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'splitbrain-faketime-'));
  dirs.push(d);
  return d;
};

describe('libfaketime plumbing', () => {
  it('writes offsets in libfaketime syntax, one line a file', () => {
    expect(faketimeSpec(0)).toBe('+0.000s');
    expect(faketimeSpec(3_600_000)).toBe('+3600.000s');
    expect(faketimeSpec(-250)).toBe('-0.250s');
    const file = join(tempDir(), 'n1.faketime');
    writeOffsetFile(file, 1500);
    expect(readFileSync(file, 'utf8')).toBe('+1.500s\n');
  });

  it('finds the first candidate library that exists, or none', () => {
    const d = tempDir();
    const lib = join(d, 'libfaketimeMT.so.1');
    writeFileSync(lib, '');
    expect(findFaketime([join(d, 'missing.so'), lib])).toBe(lib);
    expect(findFaketime([join(d, 'missing.so')])).toBeNull();
  });

  it('preloads the library after whatever the base preloads, with C numerics', () => {
    expect(faketimeEnv('/lib/ft.so', '/run/n1.faketime', { LD_PRELOAD: '/lib/other.so' })).toEqual({
      LD_PRELOAD: '/lib/other.so:/lib/ft.so',
      FAKETIME_TIMESTAMP_FILE: '/run/n1.faketime',
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      LC_NUMERIC: 'C',
    });
    expect(faketimeEnv('/lib/ft.so', '/f', {}).LD_PRELOAD).toBe('/lib/ft.so');
  });
});
