// Jepsen's history.edn and Knossos's data files into our history form: either
// one EDN vector of op maps (how Jepsen and Knossos store a history) or one op
// map per line (plain or as #jepsen.history.Op records). Micro-op keys become
// strings, since ours are; keywords become their names. Outcomes keep their
// type: what a :fail or a nil read means is the Jepsen semantics the checkers
// apply to this format (linearizability/models.ts), not a rewrite here.
import { HistoryError, type Op, type OpType, type Process } from '../../core/history.ts';
import { EdnError, EdnMap, Keyword, ednToJson, readEdnForms, type EdnValue } from './edn.ts';
import type { Imported } from './imported.ts';

const TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'info']);
const MICRO_FS: ReadonlySet<string> = new Set(['r', 'w', 'append', 'read', 'write']);

function bad(line: number, field: string, expected: string, got: EdnValue | undefined): never {
  const shownGot = got === undefined ? 'nothing' : JSON.stringify(ednToJson(got));
  throw new HistoryError(`line ${line}: ${field} must be ${expected}, got ${shownGot}`, line);
}

function processOf(v: EdnValue | undefined, line: number): Process {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v instanceof Keyword && (v.name === 'nemesis' || v.name === 'monitor')) return v.name;
  return bad(line, ':process', 'an integer or :nemesis', v);
}

/** Jepsen micro-op lists ([[:append 5 1] [:r 6 nil]]) with their keys as strings. */
function valueOf(v: EdnValue | undefined): unknown {
  const json = v === undefined ? null : ednToJson(v);
  if (!Array.isArray(json) || json.length === 0) return json;
  const micro = json.every(
    (m) => Array.isArray(m) && m.length === 3 && MICRO_FS.has(m[0] as string),
  );
  if (!micro) return json;
  return (json as unknown[][]).map(([f, k, x]) => [
    f,
    typeof k === 'string' ? k : JSON.stringify(k),
    x,
  ]);
}

function opOf(form: EdnValue, line: number, index: number): Op {
  if (!(form instanceof EdnMap)) bad(line, 'each op', 'a map {:type .. :process .. :f ..}', form);
  const m = form as EdnMap;
  const type = m.get('type');
  if (!(type instanceof Keyword) || !TYPES.has(type.name))
    bad(line, ':type', ':invoke, :ok, :fail or :info', type);
  const f = m.get('f');
  if (!(f instanceof Keyword || typeof f === 'string')) bad(line, ':f', 'a keyword', f);
  const time = m.get('time');
  if (time !== undefined && typeof time !== 'number') bad(line, ':time', 'a number (ns)', time);
  const op: Record<string, unknown> = {
    index,
    type: (type as Keyword).name as OpType,
    process: processOf(m.get('process'), line),
    f: f instanceof Keyword ? f.name : f,
    value: valueOf(m.get('value')),
    // Jepsen always records :time; Knossos's data files and hand-written ones may not.
    time: typeof time === 'number' ? time : index,
  };
  const node = m.get('node');
  if (node !== undefined && node !== null) op.node = String(ednToJson(node));
  const error = m.get('error');
  if (error !== undefined && error !== null) op.error = JSON.stringify(ednToJson(error));
  return op as unknown as Op;
}

/** The op maps of the text: the elements of one top-level vector, or every top-level form. */
function opForms(text: string): { value: EdnValue; line: number }[] {
  let forms;
  try {
    forms = readEdnForms(text);
  } catch (err) {
    if (err instanceof EdnError) throw new HistoryError(err.message, err.line, { cause: err });
    throw err;
  }
  const only = forms.length === 1 ? forms[0]!.value : null;
  if (!Array.isArray(only)) return forms;
  return only.map((value) => ({
    value,
    line: value instanceof EdnMap ? value.line : forms[0]!.line,
  }));
}

/**
 * Pairs as Jepsen does: a client's :info with no open invocation stands alone
 * and constrains nothing, so it is left out (and said so); a crash :info
 * completing an op under another :f takes the invocation's :f.
 */
export function importJepsenEdn(text: string): Imported {
  const ops: Op[] = [];
  const lines: number[] = [];
  const open = new Map<number, Op>();
  let orphans = 0;
  for (const { value, line } of opForms(text)) {
    let op = opOf(value, line, ops.length);
    if (typeof op.process === 'number') {
      const inv = open.get(op.process);
      if (op.type === 'invoke') open.set(op.process, op);
      else if (inv === undefined && op.type === 'info') {
        orphans++;
        continue;
      } else {
        open.delete(op.process);
        if (inv !== undefined && op.type === 'info' && op.f !== inv.f) op = { ...op, f: inv.f };
      }
    }
    ops.push(op);
    lines.push(line);
  }
  const notes =
    orphans > 0
      ? [
          `${orphans} :info ops of client processes had no invocation; they constrain nothing and are left out`,
        ]
      : [];
  return { ops, lines, notes };
}
