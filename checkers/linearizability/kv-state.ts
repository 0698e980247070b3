// The kv models' search state, built for the WGL hot loop. Every value a key
// takes is interned once per search into a table, so a state is a short
// array of value ids (one slot per key): comparing two states compares ids,
// hashing one mixes them, and an append that was already computed from the
// same value is one map lookup instead of a new string to build, hash and
// compare (Porcupine's kv states are strings compared and hashed whole).
// States are plain data, so a worker thread can post one back.

/** Values and keys seen by one search; interned values have one id per content (see appendedId). */
export interface KvTable {
  readonly values: unknown[];
  /** Primitives by themselves (SameValueZero), objects by their JSON. */
  readonly byPrimitive: Map<unknown, number>;
  readonly byJson: Map<string, number>;
  /** appended element → value id → value id (few elements, each appended to many values). */
  readonly appends: Map<unknown, Map<number, number>>;
  readonly slots: Map<string, number>;
  readonly keys: string[];
  /** The one-key state holding each value id, made once: most partitions have one key. */
  readonly oneKey: KvState[];
}

export interface KvState {
  readonly table: KvTable;
  /** Value id per key slot; slots past the end hold the initial value. */
  readonly ids: readonly number[];
  readonly hash: number;
}

const INITIAL = 0;

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

export function emptyKvState(initial: unknown): KvState {
  const table: KvTable = {
    values: [],
    byPrimitive: new Map(),
    byJson: new Map(),
    appends: new Map(),
    slots: new Map(),
    keys: [],
    oneKey: [],
  };
  internValue(table, initial);
  return { table, ids: [], hash: 0 };
}

export function internValue(t: KvTable, v: unknown): number {
  if (!isObject(v)) {
    const id = t.byPrimitive.get(v);
    if (id !== undefined) return id;
    t.values.push(v);
    t.byPrimitive.set(v, t.values.length - 1);
    return t.values.length - 1;
  }
  const json = JSON.stringify(v);
  const id = t.byJson.get(json);
  if (id !== undefined) return id;
  t.values.push(v);
  t.byJson.set(json, t.values.length - 1);
  return t.values.length - 1;
}

export function slotOf(t: KvTable, key: string): number {
  let s = t.slots.get(key);
  if (s === undefined) {
    s = t.keys.length;
    t.keys.push(key);
    t.slots.set(key, s);
  }
  return s;
}

export function valueId(s: KvState, slot: number): number {
  return slot < s.ids.length ? s.ids[slot]! : INITIAL;
}

/** True when the value with this id is `got` (same primitive, or same JSON). */
export function holds(t: KvTable, id: number, got: unknown): boolean {
  const v = t.values[id];
  if (v === got) return true;
  if (!isObject(v) || !isObject(got)) return false;
  return t.byJson.get(JSON.stringify(got)) === id;
}

/**
 * The id of the value after appending `element` to value `id`, computed once
 * per pair. Not interned by content: hashing a long string at every new
 * append costs its length, and two paths to equal content are rare (a put
 * equal to what appends built); they only get two ids, which costs the memo
 * a merge, never a verdict.
 */
export function appendedId(
  t: KvTable,
  id: number,
  element: unknown,
  append: (current: unknown, element: unknown) => unknown,
): number {
  if (isObject(element)) return internValue(t, append(t.values[id], element));
  let from = t.appends.get(element);
  if (from === undefined) t.appends.set(element, (from = new Map()));
  const known = from.get(id);
  if (known !== undefined) return known;
  const value = append(t.values[id], element);
  t.values.push(value);
  from.set(id, t.values.length - 1);
  if (isObject(value)) t.byJson.set(JSON.stringify(value), t.values.length - 1);
  return t.values.length - 1;
}

const mix = (slot: number, id: number): number =>
  Math.imul((slot + 1) ^ Math.imul(id + 1, 0x9e3779b1), 0x85ebca6b) ^ (id << 7);

/** The state with `slot` set to value `id`, its hash updated in place of the old slot's. */
export function withValue(s: KvState, slot: number, id: number): KvState {
  const old = valueId(s, slot);
  if (old === id) return s;
  if (slot === 0 && s.ids.length <= 1) {
    const t = s.table;
    return (t.oneKey[id] ??= { table: t, ids: [id], hash: id === INITIAL ? 0 : mix(0, id) });
  }
  const ids = s.ids.slice();
  while (ids.length <= slot) ids.push(INITIAL);
  ids[slot] = id;
  // Initial values contribute nothing, so a key never written and one written back to initial hash alike.
  const hash =
    s.hash ^ (old === INITIAL ? 0 : mix(slot, old)) ^ (id === INITIAL ? 0 : mix(slot, id));
  return { table: s.table, ids, hash };
}

export function sameKvState(a: KvState, b: KvState): boolean {
  if (a.hash !== b.hash) return false;
  const n = Math.max(a.ids.length, b.ids.length);
  for (let i = 0; i < n; i++) if (valueId(a, i) !== valueId(b, i)) return false;
  return true;
}

/** Keys whose value differs from the initial one, with their values. */
export function kvEntries(s: KvState): [string, unknown][] {
  const out: [string, unknown][] = [];
  s.ids.forEach((id, slot) => {
    if (id !== INITIAL) out.push([s.table.keys[slot]!, s.table.values[id]]);
  });
  return out;
}
