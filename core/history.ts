// The history format: the contract between the recorder, the checkers, the
// importers and the reports (DESIGN.md, "The history"). Pure: parsing takes
// strings, never files.

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

/** A Jepsen micro-op: ["r", key, value|null] or ["w", key, value] or ["append", key, element]. */
export type MicroOp = readonly [string, string, unknown];

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

const OP_TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'info']);

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Parses one line of history.jsonl. `line` is 1-based, for error messages.
 * Throws HistoryError naming the line, the field and what was expected.
 */
export function parseHistoryLine(text: string, line: number): Op {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new HistoryError(
      `line ${line}: not valid JSON (${(err as Error).message}); each line must be one JSON object`,
      line,
      { cause: err },
    );
  }
  if (!isRecord(raw)) {
    throw new HistoryError(`line ${line}: expected a JSON object, got ${typeof raw}`, line);
  }
  const bad = (field: string, expected: string): never => {
    throw new HistoryError(
      `line ${line}: field "${field}" must be ${expected}, got ${JSON.stringify(raw[field]) ?? 'nothing'}`,
      line,
    );
  };
  const { index, type, process, f, time } = raw;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0)
    bad('index', 'a non-negative integer');
  if (typeof type !== 'string' || !OP_TYPES.has(type)) bad('type', 'invoke, ok, fail or info');
  if (
    !(typeof process === 'number' && Number.isInteger(process)) &&
    process !== 'nemesis' &&
    process !== 'monitor'
  )
    bad('process', 'an integer, "nemesis" or "monitor"');
  if (typeof f !== 'string' || f.length === 0) bad('f', 'a non-empty string');
  if (typeof time !== 'number' || !Number.isFinite(time)) bad('time', 'a number (nanoseconds)');
  if (raw.node !== undefined && typeof raw.node !== 'string') bad('node', 'a string');
  if (raw.error !== undefined && typeof raw.error !== 'string') bad('error', 'a string');
  if (raw.stored !== undefined && !isRecord(raw.stored)) bad('stored', 'an object (key → value)');
  return raw as unknown as Op;
}

/**
 * Parses a whole history.jsonl text. Blank lines are skipped; indices must be
 * dense and in order, since checkers name ops by index.
 */
export function parseHistory(text: string): Op[] {
  const ops: Op[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t === '') continue;
    const op = parseHistoryLine(t, i + 1);
    if (op.index !== ops.length) {
      throw new HistoryError(
        `line ${i + 1}: expected index ${ops.length}, got ${op.index}; indices must count up from 0 without gaps`,
        i + 1,
      );
    }
    ops.push(op);
  }
  return ops;
}

export function serializeOp(op: Op): string {
  return JSON.stringify(op);
}

/** True for client ops (a numbered session), false for nemesis and monitor records. */
export function isClientOp(op: Op): op is Op & { process: number } {
  return typeof op.process === 'number';
}

/** Reads micro-ops from an op's value, or null when the value is not a micro-op list. */
export function microOps(value: unknown): MicroOp[] | null {
  if (!Array.isArray(value)) return null;
  for (const m of value) {
    if (!Array.isArray(m) || m.length !== 3 || typeof m[0] !== 'string' || typeof m[1] !== 'string')
      return null;
  }
  return value as MicroOp[];
}
