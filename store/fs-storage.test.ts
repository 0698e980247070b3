import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStorage } from './fs-storage.ts';

let dir = '';
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// Records are a mode's JSON objects; storage keeps them without looking in.
const rec = (lsn: number) => ({ t: 'entry', lsn, nested: { value: [lsn] } });

describe('FileStorage', () => {
  it('reloads records and drops a torn last line, then appends cleanly', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-fs-'));
    const a = new FileStorage(dir);
    expect(a.load()).toEqual([]);
    a.append(rec(1));
    a.append(rec(2));
    a.close();
    fs.appendFileSync(a.file, '{"t":"entry","shard":0,"en');
    const b = new FileStorage(dir);
    expect(b.load()).toEqual([rec(1), rec(2)]);
    expect(b.tornLines).toBe(1);
    b.append(rec(3));
    b.close();
    expect(new FileStorage(dir).load()).toEqual([rec(1), rec(2), rec(3)]);
  });

  it('keeps appendBeforeSync records until sync, then writes them in order with appends', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-fs-'));
    const a = new FileStorage(dir);
    a.load();
    const rec2 = rec(2);
    a.appendBeforeSync(rec(1));
    a.appendBeforeSync(rec2);
    // Serialized when handed over: a later change to the object is not what was persisted.
    rec2.nested.value.push(99);
    expect(fs.readFileSync(a.file, 'utf8')).toBe('');
    a.sync();
    expect(new FileStorage(dir).load()).toEqual([rec(1), rec(2)]);
    a.appendBeforeSync(rec(3));
    // A plain append writes what waits first, so the file keeps the order they came in.
    a.append(rec(4));
    expect(new FileStorage(dir).load()).toEqual([rec(1), rec(2), rec(3), rec(4)]);
    a.appendBeforeSync(rec(5));
    a.close();
    expect(new FileStorage(dir).load()).toEqual([rec(1), rec(2), rec(3), rec(4), rec(5)]);
  });

  it('refuses a damaged line in the middle', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-fs-'));
    fs.writeFileSync(path.join(dir, 'data.jsonl'), `garbage\n${JSON.stringify(rec(1))}\n`);
    expect(() => new FileStorage(dir).load()).toThrow(/line 1 is not a JSON record/);
  });
});
