// The history format: the contract between the recorder, the checkers, the
// importers and the reports (docs/architecture.md, "The history"). Pure: parsing takes
// strings, never files; core/history-file.ts streams a file through the same
// reader (HistoryReader), so every command reads a history alike.
import { microOpShapeError } from './micro-ops.ts';

export * from './micro-ops.ts';

/** invoke: the op began. ok: it happened. fail: it certainly did not. info: unknown. */
export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/** A client session (a number), or a named non-client process. */
export type Process = number | 'nemesis' | 'monitor';

export interface Op {
  /** Position in the history, starting at 0, dense. */
  readonly index: number;
  readonly type: OpType;
  readonly process: Process;
  readonly f: string;
  readonly value: unknown;
  /** Nanoseconds on the controller's monotonic clock since the run began. */
  readonly time: number;
  /** Which node served the op (completions only, optional). */
  readonly node?: string;
  /** What the store says the version was (completions only, optional). */
  readonly version?: unknown;
  /**
   * A final read's values as each node stored them, key → value, when the
   * workload writes more than the version (statement values); optional.
   */
  readonly stored?: Readonly<Record<string, unknown>>;
  /** Why an op failed or is unknown (completions only, optional). */
  readonly error?: string;
}

export class HistoryError extends Error {
  constructor(
    message: string,
    readonly line: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HistoryError';
  }
}

/**
 * An op whose shape a checker cannot read (a read that is not a micro-op
 * list, a version that is not an integer): bad input, not a checker failure.
 * Checkers name the op; the caller, which knows the file, adds the line.
 */
export class BadOpError extends Error {
  constructor(
    readonly opIndex: number,
    message: string,
    /** How to fix the history, or which checker to use instead. */
    readonly fix: string,
  ) {
    super(`op ${opIndex}: ${message}; ${fix}`);
    this.name = 'BadOpError';
  }
}

const FIX_LINE = 'fix or remove that line (each line is one op, see the README, "The history")';

const OP_TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'info']);

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** True when `text` is not JSON at all (a torn write), as opposed to JSON of the wrong shape. */
export function isJsonSyntaxError(err: unknown): boolean {
  return err instanceof HistoryError && err.cause instanceof SyntaxError;
}

function badField(
  raw: Record<string, unknown>,
  field: string,
  expected: string,
  line: number,
): never {
  throw new HistoryError(
    `line ${line}: field "${field}" must be ${expected}, got ${JSON.stringify(raw[field]) ?? 'nothing'}; ${FIX_LINE}`,
    line,
  );
}

/**
 * Parses one line of history.jsonl on its own (no pairing with other ops).
 * `line` is 1-based, for error messages. Throws HistoryError naming the
 * line, the field and what was expected.
 */
export function parseHistoryLine(text: string, line: number): Op {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new HistoryError(
      `line ${line}: not valid JSON (${(err as Error).message}); each line must be one JSON object, so ${FIX_LINE}`,
      line,
      { cause: err },
    );
  }
  if (!isRecord(raw)) {
    throw new HistoryError(
      `line ${line}: expected a JSON object, got ${Array.isArray(raw) ? 'an array' : typeof raw}; ${FIX_LINE}`,
      line,
    );
  }
  const { index, type, process, f, time } = raw;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0)
    badField(raw, 'index', 'a non-negative integer', line);
  if (typeof type !== 'string' || !OP_TYPES.has(type))
    badField(raw, 'type', 'invoke, ok, fail or info', line);
  if (
    !(typeof process === 'number' && Number.isInteger(process)) &&
    process !== 'nemesis' &&
    process !== 'monitor'
  )
    badField(raw, 'process', 'an integer, "nemesis" or "monitor"', line);
  if (typeof f !== 'string' || f.length === 0) badField(raw, 'f', 'a non-empty string', line);
  if (typeof time !== 'number' || !Number.isFinite(time))
    badField(raw, 'time', 'a number (nanoseconds)', line);
  if (raw.node !== undefined && typeof raw.node !== 'string')
    badField(raw, 'node', 'a string', line);
  if (raw.error !== undefined && typeof raw.error !== 'string')
    badField(raw, 'error', 'a string', line);
  if (raw.stored !== undefined && !isRecord(raw.stored))
    badField(raw, 'stored', 'an object (key → value)', line);
  const shape = microOpShapeError(raw.value);
  if (shape !== null) throw new HistoryError(`line ${line}: ${shape}; ${FIX_LINE}`, line);
  return raw as unknown as Op;
}

// The one history reader: every command (check, report, export) and every
// importer reads ops through it, line by line, so a history is accepted or
// refused the same way everywhere. It checks what holds for every history
// whatever the workload: dense indices, each client completion after its own
// invocation with the same f, one op at a time per process, at least one op.
// A torn last line (the controller crashed mid-write) is left out and said so.
/** A process's open invocation; one record per process, reused, so reading allocates nothing per op. */
interface Open {
  active: boolean;
  index: number;
  line: number;
  f: string;
}

export class HistoryReader {
  private expected = 0;
  private readonly open = new Map<number, Open>();
  /** A line that was not JSON: fine if it turns out to be the last one (torn), else an error. */
  private torn: HistoryError | null = null;

  /** Ops read so far. */
  get count(): number {
    return this.expected;
  }

  /** One line of history.jsonl (1-based `line`); null for a blank line. */
  line(text: string, line: number): Op | null {
    if (text.trim() === '') return null;
    if (this.torn !== null) throw this.tornInTheMiddle(this.torn);
    let op: Op;
    try {
      op = parseHistoryLine(text, line);
    } catch (err) {
      if (!isJsonSyntaxError(err)) throw err;
      this.torn = err as HistoryError;
      return null;
    }
    this.op(op, line);
    return op;
  }

  /** Checks one parsed op (from a line, or from an importer that knows its source line). */
  op(op: Op, line: number): void {
    if (op.index !== this.expected) {
      throw new HistoryError(
        `line ${line}: expected index ${this.expected}, got ${op.index}; indices must count up from 0 without gaps`,
        line,
      );
    }
    this.expected++;
    if (typeof op.process === 'number') this.pair(op as Op & { process: number }, line);
  }

  private pair(op: Op & { process: number }, line: number): void {
    let was = this.open.get(op.process);
    if (op.type === 'invoke') {
      if (was?.active === true) {
        throw new HistoryError(
          `line ${line}: process ${op.process} invokes op ${op.index} while its op ${was.index} (line ${was.line}) has not completed; a process runs one op at a time, and one whose op timed out completes it as info and is retired`,
          line,
        );
      }
      if (was === undefined)
        this.open.set(op.process, (was = { active: true, index: 0, line, f: '' }));
      was.active = true;
      was.index = op.index;
      was.line = line;
      was.f = op.f;
      return;
    }
    if (was?.active !== true) {
      throw new HistoryError(
        `line ${line}: op ${op.index} (${op.type} ${op.f}) completes an op of process ${op.process}, which has none open; every ok, fail or info of a client follows its own invoke`,
        line,
      );
    }
    if (was.f !== op.f) {
      throw new HistoryError(
        `line ${line}: op ${op.index} completes process ${op.process}'s op ${was.index} (line ${was.line}), but its f is ${JSON.stringify(op.f)} where the invocation's is ${JSON.stringify(was.f)}`,
        line,
      );
    }
    was.active = false;
  }

  /**
   * The end of the history: a pending non-JSON line was the last one, so it
   * is torn and left out (`onNote` hears it); no ops at all is an error.
   */
  end(onNote?: (note: string) => void): void {
    // A file whose only line is not JSON is not a torn history but not a history.jsonl at all.
    if (this.torn !== null && this.expected === 0) {
      throw new HistoryError(
        `${this.torn.message}; is this file in another format? (check --format names them)`,
        this.torn.line,
        { cause: this.torn.cause },
      );
    }
    if (this.torn !== null) {
      onNote?.(
        `line ${this.torn.line} is torn (${this.torn.message.replace(/^line \d+: /, '')}): the controller stopped mid-write; that line is left out, and the op it would have completed counts as never completed`,
      );
      this.torn = null;
    }
    if (this.expected === 0) {
      throw new HistoryError(
        'the history holds no ops (it is empty or blank); give the history.jsonl of a run that recorded at least one op',
        0,
      );
    }
  }

  private tornInTheMiddle(err: HistoryError): HistoryError {
    return new HistoryError(
      `${err.message}; only the last line may be torn (a crash mid-write), so fix or remove this line`,
      err.line,
      { cause: err.cause },
    );
  }
}

/** Checks ops an importer built (one per source line in `lines`) through the same reader. */
export function validateOps(ops: readonly Op[], lines: readonly number[]): void {
  const reader = new HistoryReader();
  ops.forEach((op, i) => reader.op(op, lines[i] ?? i + 1));
  reader.end();
}

/**
 * Parses a whole history.jsonl text through the one reader: blank lines are
 * skipped, indices must be dense and in order, completions must follow their
 * invocations, and a torn last line (a crash mid-write) is left out and
 * reported through `onNote`. Throws HistoryError for anything else.
 */
export function parseHistory(text: string, onNote?: (note: string) => void): Op[] {
  const reader = new HistoryReader();
  const ops: Op[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const op = reader.line(lines[i]!, i + 1);
    if (op !== null) ops.push(op);
  }
  reader.end(onNote);
  return ops;
}

export function serializeOp(op: Op): string {
  return JSON.stringify(op);
}

/** True for client ops (a numbered session), false for nemesis and monitor records. */
export function isClientOp(op: Op): op is Op & { process: number } {
  return typeof op.process === 'number';
}
