// Jepsen's history.edn (one op map per line, plain or as #jepsen.history.Op
// records) into our history form. Micro-op keys become strings, since ours
// are; keywords become their names.
import { HistoryError, type Op, type OpType, type Process } from '../../core/history.ts';
import { EdnError, EdnMap, Keyword, ednToJson, readEdnForms, type EdnValue } from './edn.ts';

const TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'info']);
const MICRO_FS: ReadonlySet<string> = new Set(['r', 'w', 'append']);

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
  if (!(form instanceof EdnMap))
    bad(line, 'each form', 'an op map {:type .. :process .. :f ..}', form);
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
    // Jepsen always records :time; a hand-written history may not, so order stands in.
    time: typeof time === 'number' ? time : index,
  };
  const node = m.get('node');
  if (node !== undefined && node !== null) op.node = String(ednToJson(node));
  const error = m.get('error');
  if (error !== undefined && error !== null) op.error = JSON.stringify(ednToJson(error));
  return op as unknown as Op;
}

export function importJepsenEdn(text: string): Op[] {
  let forms;
  try {
    forms = readEdnForms(text);
  } catch (err) {
    if (err instanceof EdnError) throw new HistoryError(err.message, err.line, { cause: err });
    throw err;
  }
  return forms.map((x, i) => opOf(x.value, x.line, i));
}
