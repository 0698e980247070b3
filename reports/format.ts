// Number and time formatting shared by every report, so the terminal, the
// HTML and JUnit say the same thing the same way.

/** Nanoseconds since run start as seconds, e.g. "1.203 s". */
export function fmtSecondsNs(ns: number): string {
  return `${(ns / 1e9).toFixed(3)} s`;
}

/** A duration in nanoseconds at a readable unit: "840 µs", "12.3 ms", "4.20 s". */
export function fmtDurationNs(ns: number): string {
  const a = Math.abs(ns);
  if (a < 1e3) return `${ns.toFixed(0)} ns`;
  if (a < 1e6) return `${(ns / 1e3).toFixed(a < 1e4 ? 1 : 0)} µs`;
  if (a < 1e9) return `${(ns / 1e6).toFixed(a < 1e7 ? 2 : 1)} ms`;
  if (a < 60e9) return `${(ns / 1e9).toFixed(2)} s`;
  return `${Math.floor(a / 60e9)} min ${((a % 60e9) / 1e9).toFixed(0)} s`;
}

export function fmtCount(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Compact JSON of any value; never throws, since a value may hold a cycle or a BigInt. */
export function compactJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A config or stats value as short text: strings bare, objects as compact JSON. */
export function fmtValue(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  // JSON would print NaN and Infinity as null.
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return compactJson(v);
}
