// The one history reader: what every command accepts and refuses, alike.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from './errors.ts';
import { readHistoryFile } from './history-file.ts';
import { parseHistory } from './history.ts';

const dir = mkdtempSync(join(tmpdir(), 'splitbrain-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const op = (index: number, type: string, process: number, f: string, value: unknown) =>
  JSON.stringify({ index, type, process, f, value, time: index });
const read = (i: number, type: string, v: unknown) => op(i, type, 1, 'read', [['r', 'k1', v]]);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Both entry points: the text parser (report) and the streaming file reader (check, export). */
let files = 0;
function both(text: string): { text: () => unknown; file: () => unknown } {
  const path = file(`h${files++}.jsonl`, text);
  return { text: () => parseHistory(text), file: () => [...readHistoryFile(path)] };
}

describe('history reader: bad input names the line and the fix', () => {
  it.each([
    ['an empty file', ''],
    ['a blank file', '\n  \n\t\n'],
  ])('%s holds no ops', (_, text) => {
    const h = both(text);
    expect(h.text).toThrow(/holds no ops/);
    expect(h.file).toThrow(UsageError);
    expect(h.file).toThrow(/holds no ops/);
  });

  it('refuses a read spelled "R"', () => {
    const h = both([read(0, 'invoke', null), op(1, 'ok', 1, 'read', [['R', 'k1', 1]])].join('\n'));
    expect(h.file).toThrow(/:line 2: micro-op 0 \["R","k1",1\]: "R" is not a micro-op; use r/);
  });

  it('refuses a completion with no invocation, and a second invocation of a busy process', () => {
    expect(both(read(0, 'ok', 1)).file).toThrow(
      /line 1: op 0 \(ok read\) completes an op of process 1, which has none open/,
    );
    expect(both([read(0, 'invoke', null), read(1, 'invoke', null)].join('\n')).file).toThrow(
      /line 2: process 1 invokes op 1 while its op 0 \(line 1\) has not completed/,
    );
  });

  it('refuses a completion whose f is not its invocation’s', () => {
    const text = [read(0, 'invoke', null), op(1, 'ok', 1, 'write', [['w', 'k1', 1]])].join('\n');
    expect(both(text).file).toThrow(/its f is "write" where the invocation's is "read"/);
  });

  it('refuses malformed siblings, and reads well-formed ones', () => {
    const sib = (v: unknown) => [read(0, 'invoke', null), read(1, 'ok', v)].join('\n');
    expect(both(sib({ siblings: [3] })).file).toThrow(/two or more versions/);
    expect(both(sib({ siblings: [3, null] })).file).toThrow(/each sibling must be a plain value/);
    const writeSib = [
      op(0, 'invoke', 1, 'write', [['w', 'k1', { siblings: [1, 2] }]]),
      op(1, 'ok', 1, 'write', [['w', 'k1', { siblings: [1, 2] }]]),
    ].join('\n');
    expect(both(writeSib).file).toThrow(/only a read may return siblings/);
    const ok = both(sib({ siblings: [3, 4] })).file() as { value: unknown }[];
    expect(ok[1]!.value).toEqual([['r', 'k1', { siblings: [3, 4] }]]);
  });
});

describe('history reader: a torn last line', () => {
  const text = [read(0, 'invoke', null), read(1, 'ok', 1), '{"index":2,"ty'].join('\n');

  it('is left out and said so, the same way by the text and the file reader', () => {
    const fromText: string[] = [];
    const fromFile: string[] = [];
    expect(parseHistory(text, (n) => fromText.push(n))).toHaveLength(2);
    const path = file('torn.jsonl', text);
    expect([...readHistoryFile(path, { onNote: (n) => fromFile.push(n) })]).toHaveLength(2);
    expect(fromText).toEqual([expect.stringMatching(/^line 3 is torn/)]);
    expect(fromFile).toEqual([`${path} ${fromText[0]}`]);
  });

  it('is an error anywhere but last', () => {
    const middle = [read(0, 'invoke', null), '{"index":1,"ty', read(1, 'ok', 1)].join('\n');
    const h = both(middle);
    expect(h.text).toThrow(/line 2: not valid JSON.*only the last line may be torn/);
    expect(h.file).toThrow(/line 2: not valid JSON.*only the last line may be torn/);
  });

  it('must not be JSON of the wrong shape: that is damage, not a crash mid-write', () => {
    const wrong = [read(0, 'invoke', null), '{"index":1,"type":"maybe"}'].join('\n');
    expect(both(wrong).file).toThrow(/line 2: field "type" must be invoke, ok, fail or info/);
  });
});

describe('history reader: a file in another format', () => {
  it('is not read as a history whose one line is torn', () => {
    const h = both('{:process 0, :type :invoke, :f :read}');
    expect(h.file).toThrow(/line 1: not valid JSON.*is this file in another format\?/);
  });
});
