// Streams a history.jsonl from disk, one op at a time, so checking a
// million-op history needs memory for the checkers' state, not the file.
// Parsing goes through the one reader (HistoryReader in history.ts): check, report and
// export accept and refuse the same histories, and all leave out a torn last
// line the same way, saying so.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { HistoryError, HistoryReader, type Op } from './history.ts';
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

export interface ReadOptions {
  /** Hears the ops and characters read so far (for progress). */
  readonly onRead?: (ops: number, chars: number) => void;
  /** Hears what was tolerated (a torn last line), each as one sentence. */
  readonly onNote?: (note: string) => void;
}

/** A reader's error as bad input naming the file. */
export function historyFileError(path: string, err: HistoryError): UsageError {
  const where = err.line > 0 ? `${path}:${err.message}` : `${path}: ${err.message}`;
  return new UsageError(where, { cause: err });
}

/** Parses ops lazily; a bad line, or no ops at all, is a UsageError naming the file and line. */
export function* readHistoryFile(path: string, opts: ReadOptions = {}): Generator<Op> {
  const reader = new HistoryReader();
  let chars = 0;
  try {
    for (const [text, line] of fileLines(path)) {
      chars += text.length + 1;
      const op = reader.line(text, line);
      if (op === null) continue;
      opts.onRead?.(reader.count, chars);
      yield op;
    }
    reader.end((note) => opts.onNote?.(`${path} ${note}`));
  } catch (err) {
    if (err instanceof HistoryError) throw historyFileError(path, err);
    throw err;
  }
}

/** The 1-based line of the op with this index, found by reading the file again (errors only). */
export function lineOfOp(path: string, index: number): number | null {
  let seen = 0;
  for (const [text, line] of fileLines(path)) {
    if (text.trim() === '') continue;
    if (seen++ === index) return line;
  }
  return null;
}
