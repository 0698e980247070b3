// A small EDN reader, enough for Jepsen and Knossos histories (one vector of
// op maps, or one map per line) and Porcupine's kv logs:
// maps, vectors, lists, sets, keywords, symbols, strings, numbers, nil,
// booleans, characters, tagged literals (#jepsen.history.Op{...}) and #_.
// Keywords stay distinct from strings so ":type :ok" is not confused with "ok".

export class Keyword {
  constructor(readonly name: string) {}
}
export class EdnSymbol {
  constructor(readonly name: string) {}
}
export class EdnMap {
  constructor(
    readonly entries: [EdnValue, EdnValue][],
    /** The line its "{" is on, so an op inside a vector can be named by line. */
    readonly line = 0,
  ) {}
  /** The value under keyword `:name`, or undefined. */
  get(name: string): EdnValue | undefined {
    for (const [k, v] of this.entries) if (k instanceof Keyword && k.name === name) return v;
    return undefined;
  }
}
export class EdnSet {
  constructor(readonly items: EdnValue[]) {}
}
export type EdnValue =
  null | boolean | number | string | Keyword | EdnSymbol | EdnMap | EdnSet | EdnValue[];

export class EdnError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'EdnError';
  }
}

const DISCARD = Symbol('discard');
const DELIMS = new Set(['(', ')', '[', ']', '{', '}', '"', ';']);
const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const NUMBER = /^[-+]?\d+(\.\d*)?([eE][-+]?\d+)?[NM]?$|^[-+]?\d+\/\d+$/;
const CHAR_NAMES: Record<string, string> = { newline: '\n', space: ' ', tab: '\t', return: '\r' };

/** Reads every top-level form of `text`, each with the line it starts on. */
export function readEdnForms(text: string): { value: EdnValue; line: number }[] {
  return new Reader(text).all();
}

class Reader {
  private i = 0;
  private line = 1;
  constructor(private readonly s: string) {}

  all(): { value: EdnValue; line: number }[] {
    const out: { value: EdnValue; line: number }[] = [];
    for (;;) {
      this.skip();
      if (this.i >= this.s.length) return out;
      const line = this.line;
      const v = this.form();
      if (v !== DISCARD) out.push({ value: v, line });
    }
  }

  private fail(what: string): never {
    const got = this.i >= this.s.length ? 'end of input' : JSON.stringify(this.s[this.i]);
    throw new EdnError(`expected ${what}, got ${got}`, this.line);
  }

  private skip(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '\n') this.line++;
      if (c === ';') {
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      } else if (c === ',' || c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else return;
    }
  }

  private form(): EdnValue | typeof DISCARD {
    this.skip();
    const c = this.s[this.i];
    if (c === undefined) this.fail('a value');
    if (c === '(' || c === '[') return this.seq(c);
    if (c === '{') return this.map();
    if (c === '"') return this.string();
    if (c === '\\') return this.char();
    if (c === '#') return this.dispatch();
    if (c === ')' || c === ']' || c === '}') this.fail('a value');
    return this.atom();
  }

  private items(close: string): EdnValue[] {
    const out: EdnValue[] = [];
    for (;;) {
      this.skip();
      if (this.i >= this.s.length) this.fail(`"${close}"`);
      if (this.s[this.i] === close) {
        this.i++;
        return out;
      }
      const v = this.form();
      if (v !== DISCARD) out.push(v);
    }
  }

  private seq(open: string): EdnValue[] {
    this.i++;
    return this.items(CLOSE[open]!);
  }

  private map(): EdnMap {
    const line = this.line;
    this.i++;
    const flat = this.items('}');
    if (flat.length % 2 !== 0) throw new EdnError('a map needs an even number of forms', this.line);
    const entries: [EdnValue, EdnValue][] = [];
    for (let k = 0; k < flat.length; k += 2) entries.push([flat[k]!, flat[k + 1]!]);
    return new EdnMap(entries, line);
  }

  private dispatch(): EdnValue | typeof DISCARD {
    const next = this.s[this.i + 1];
    if (next === '{') {
      this.i += 2;
      return new EdnSet(this.items('}'));
    }
    if (next === '_') {
      this.i += 2;
      this.form();
      return DISCARD;
    }
    this.i++;
    const tag = this.atom();
    if (!(tag instanceof EdnSymbol)) this.fail('a tag after "#"');
    // Tagged literals (records, #inst, #uuid) read as their contents.
    return this.form();
  }

  private string(): string {
    let out = '';
    this.i++;
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) this.fail("a closing '\"'");
      if (c === '"') return out;
      if (c === '\n') this.line++;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++];
      if (e === 'u') {
        out += String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 4), 16));
        this.i += 4;
      } else
        out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e!] ?? e;
    }
  }

  private char(): string {
    this.i++;
    const start = this.i;
    this.i++;
    while (this.i < this.s.length && /[a-z]/.test(this.s[this.i]!)) this.i++;
    const name = this.s.slice(start, this.i);
    if (name.length === 1) return name;
    if (CHAR_NAMES[name] !== undefined) return CHAR_NAMES[name];
    this.i = start + 1;
    return name[0]!;
  }

  private atom(): EdnValue {
    const start = this.i;
    while (this.i < this.s.length && !/[\s,]/.test(this.s[this.i]!) && !DELIMS.has(this.s[this.i]!))
      this.i++;
    const t = this.s.slice(start, this.i);
    if (t === '') this.fail('a value');
    if (t === 'nil') return null;
    if (t === 'true' || t === 'false') return t === 'true';
    if (t.startsWith(':')) return new Keyword(t.slice(1));
    if (NUMBER.test(t)) return parseNumber(t);
    return new EdnSymbol(t);
  }
}

function parseNumber(t: string): number {
  if (t.includes('/')) {
    const [a, b] = t.split('/');
    return Number(a) / Number(b);
  }
  return Number(t.replace(/[NM]$/, ''));
}

/** Plain JSON data: keywords and symbols become their names, sets become arrays. */
export function ednToJson(v: EdnValue): unknown {
  if (v instanceof Keyword || v instanceof EdnSymbol) return v.name;
  if (Array.isArray(v)) return v.map(ednToJson);
  if (v instanceof EdnSet) return v.items.map(ednToJson);
  if (v instanceof EdnMap) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v.entries) out[String(ednToJson(k))] = ednToJson(x);
    return out;
  }
  return v;
}
