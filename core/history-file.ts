// Streams a history.jsonl from disk, one op at a time, so checking a
// million-op history needs memory for the checkers' state, not the file.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { HistoryError, parseHistoryLine, type Op } from './history.ts';
import { UsageError } from './errors.ts';

const CHUNK_BYTES = 1 << 20;

/** Lines of a file with their 1-based numbers; the last line may lack a newline. */
export function* fileLines(path: string): Generator<[string, number]> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    // A chunk may end inside a multi-byte character; the decoder holds it over.
    const decoder = new StringDecoder('utf8');
    let carry = '';
    let lineNo = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      const text = carry + decoder.write(buf.subarray(0, n));
      const parts = text.split('\n');
      carry = parts.pop()!;
      for (const p of parts) yield [p, ++lineNo];
    }
    carry += decoder.end();
    if (carry.length > 0) yield [carry, ++lineNo];
  } finally {
    closeSync(fd);
  }
}

/**
 * Parses ops lazily; a bad line is a UsageError naming the file and line.
 * `onRead` (for progress) hears the ops and characters read so far.
 */
export function* readHistoryFile(
  path: string,
  onRead?: (ops: number, chars: number) => void,
): Generator<Op> {
  let expected = 0;
  let chars = 0;
  for (const [text, line] of fileLines(path)) {
    chars += text.length + 1;
    if (text.trim() === '') continue;
    let op: Op;
    try {
      op = parseHistoryLine(text, line);
    } catch (err) {
      if (err instanceof HistoryError) {
        throw new UsageError(
          `${path}:${err.message}. Fix or remove that line (each line is one op as described in DESIGN.md)`,
          { cause: err },
        );
      }
      throw err;
    }
    if (op.index !== expected) {
      throw new UsageError(
        `${path}:line ${line}: expected index ${expected}, got ${op.index}; indices must count up from 0 without gaps`,
      );
    }
    expected++;
    onRead?.(expected, chars);
    yield op;
  }
}
