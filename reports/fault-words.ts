// What a fault did, in words a reviewer reads at a glance ("n3 isolated from
// n1, n2", "n1 clock +12 s", "n1→n2 +200 ms latency"), read from the nemesis
// records (nemesis/README.md, "Ops"). The structured effect also feeds the
// cause summary (cause.ts), which asks how a fault touched one node.

/** What a fault did, as far as its records say; "other" when they say nothing we know. */
export type FaultEffect =
  | {
      readonly kind: 'partition';
      /** Who drops whom: grudge[a] holds the nodes whose messages a never receives. */
      readonly grudge: Readonly<Record<string, readonly string[]>>;
      readonly leader?: string;
      readonly bridge?: string;
    }
  | { readonly kind: 'kill'; readonly nodes: readonly string[]; readonly restartAfterMs?: number }
  | { readonly kind: 'pause'; readonly nodes: readonly string[] }
  | {
      readonly kind: 'clock';
      readonly offsetsMs: Readonly<Record<string, number>>;
      readonly strobe?: { readonly periodMs: number; readonly durationMs: number };
    }
  | {
      readonly kind: 'link';
      readonly links: readonly (readonly [string, string])[];
      readonly faults: Readonly<Record<string, unknown>>;
    }
  | { readonly kind: 'other' };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const strings = (x: unknown): string[] =>
  Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
const nodeList = (nodes: string | undefined) => (nodes ? nodes.split(',').filter(Boolean) : []);

function grudgeOf(x: unknown): Record<string, string[]> | undefined {
  if (!isObj(x)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(x)) out[k] = strings(v);
  return out;
}

/**
 * The effect of an opening nemesis op. `done` is its completion's value (what
 * the nemesis says it did), `nodes` the completion's node field; the invoke's
 * value stands in when the completion is missing.
 */
export function faultEffect(f: string, asked: unknown, done: unknown, nodes?: string): FaultEffect {
  const d = isObj(done) ? done : {};
  const a = isObj(asked) ? asked : {};
  const touched = nodeList(nodes);
  switch (f) {
    case 'start-partition': {
      const grudge = grudgeOf(d.grudge) ?? grudgeOf(a.grudge);
      if (!grudge) return { kind: 'other' };
      const leader = typeof d.leader === 'string' ? d.leader : undefined;
      const bridge = typeof d.bridge === 'string' ? d.bridge : undefined;
      return {
        kind: 'partition',
        grudge,
        ...(leader ? { leader } : {}),
        ...(bridge ? { bridge } : {}),
      };
    }
    case 'kill': {
      const killed = strings(d.killed);
      const restart = d.restartAfterMs ?? a.restartAfterMs;
      const list = killed.length ? killed : touched;
      if (list.length === 0) return { kind: 'other' };
      return typeof restart === 'number'
        ? { kind: 'kill', nodes: list, restartAfterMs: restart }
        : { kind: 'kill', nodes: list };
    }
    case 'pause': {
      const list = strings(d.paused).length ? strings(d.paused) : touched;
      return list.length ? { kind: 'pause', nodes: list } : { kind: 'other' };
    }
    case 'bump-clock':
    case 'strobe-clock': {
      const offsetsMs: Record<string, number> = {};
      if (isObj(d.offsetsMs))
        for (const [k, v] of Object.entries(d.offsetsMs))
          if (typeof v === 'number') offsetsMs[k] = v;
      const strobe = isObj(d.strobe) ? d.strobe : f === 'strobe-clock' ? a : undefined;
      const delta = typeof strobe?.deltaMs === 'number' ? strobe.deltaMs : a.deltaMs;
      // A strobe ends at its base offset, so the record's offsets hide the swing: use the delta.
      if (strobe || Object.keys(offsetsMs).length === 0) {
        if (typeof delta !== 'number') return { kind: 'other' };
        const ids = Object.keys(offsetsMs).length ? Object.keys(offsetsMs) : touched;
        if (ids.length === 0) return { kind: 'other' };
        for (const id of ids) offsetsMs[id] = delta;
      }
      const periodMs = strobe?.periodMs;
      const durationMs = strobe?.durationMs;
      return typeof periodMs === 'number' && typeof durationMs === 'number'
        ? { kind: 'clock', offsetsMs, strobe: { periodMs, durationMs } }
        : { kind: 'clock', offsetsMs };
    }
    case 'start-link': {
      const named = strings(d.links)
        .map((l) => l.split('->'))
        .filter((p): p is [string, string] => p.length === 2);
      const asList = Array.isArray(a.links)
        ? a.links.filter(isObj).map((l) => [String(l.from), String(l.to)] as [string, string])
        : [];
      const links = named.length ? named : asList;
      const faults = isObj(d.faults) ? d.faults : isObj(a.faults) ? a.faults : {};
      return links.length ? { kind: 'link', links, faults } : { kind: 'other' };
    }
  }
  return { kind: 'other' };
}

/** "200 ms", "1.4 s", "12 s". */
export function msWords(ms: number): string {
  const a = Math.abs(ms);
  if (a < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) || a >= 10_000 ? Math.round(s) : s.toFixed(1)} s`;
}

export const signed = (ms: number) => `${ms < 0 ? '−' : '+'}${msWords(Math.abs(ms))}`;
const list = (xs: readonly string[]) => [...xs].sort(byNode).join(', ');

/** n2 before n10. */
export function byNode(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The fault in a few words, e.g. "n3 isolated from n1, n2". Empty for "other". */
export function faultWords(e: FaultEffect): string {
  switch (e.kind) {
    case 'partition':
      return partitionWords(e);
    case 'kill':
      return `${list(e.nodes)} killed${e.restartAfterMs !== undefined ? `, restarted after ${msWords(e.restartAfterMs)}` : ''}`;
    case 'pause':
      return `${list(e.nodes)} paused`;
    case 'clock': {
      const parts = Object.entries(e.offsetsMs)
        .sort(([a], [b]) => byNode(a, b))
        .map(([id, ms]) => `${id} clock ${e.strobe ? '±' + msWords(Math.abs(ms)) : signed(ms)}`);
      const s = e.strobe;
      return (
        parts.join(', ') + (s ? ` every ${msWords(s.periodMs)} for ${msWords(s.durationMs)}` : '')
      );
    }
    case 'link':
      return `${linkList(e.links)} ${linkFaultWords(e.faults)}`.trim();
    case 'other':
      return '';
  }
}

export function linkList(links: readonly (readonly [string, string])[]): string {
  const shown = links.slice(0, 4).map(([a, b]) => `${a}→${b}`);
  return links.length > 4
    ? `${shown.join(', ')} and ${links.length - 4} more links`
    : shown.join(', ');
}

export function linkFaultWords(f: Readonly<Record<string, unknown>>): string {
  const num = (k: string) => (typeof f[k] === 'number' ? (f[k] as number) : undefined);
  const pct = (p: number) => `${Math.round(p * 1000) / 10}%`;
  const out: string[] = [];
  const lat = num('latencyMs');
  const jit = num('jitterMs');
  if (lat) out.push(`+${msWords(lat)} latency${jit ? ` (±${msWords(jit)} jitter)` : ''}`);
  else if (jit) out.push(`±${msWords(jit)} jitter`);
  const loss = num('lossRate');
  if (loss) out.push(`${pct(loss)} loss`);
  const dup = num('duplicateRate');
  if (dup) out.push(`${pct(dup)} duplicated`);
  const bw = num('bandwidthBytesPerS');
  if (bw !== undefined)
    out.push(`capped at ${bw >= 1024 ? `${Math.round(bw / 1024)} KiB/s` : `${bw} B/s`}`);
  const close = num('slowCloseMs');
  if (close) out.push(`close delayed ${msWords(close)}`);
  return out.join(', ') || 'link fault';
}

/** Every node a grudge names, sorted. */
export function grudgeNodes(g: Readonly<Record<string, readonly string[]>>): string[] {
  const all = new Set<string>();
  for (const [a, bs] of Object.entries(g)) {
    if (bs.length) all.add(a);
    for (const b of bs) all.add(b);
  }
  return [...all].sort(byNode);
}

const cuts = (g: Readonly<Record<string, readonly string[]>>, a: string, b: string) =>
  (g[a] ?? []).includes(b);

function partitionWords(e: Extract<FaultEffect, { kind: 'partition' }>): string {
  const g = e.grudge;
  const nodes = grudgeNodes(g);
  if (nodes.length === 0) return 'no link cut';
  const symmetric = nodes.every((a) => (g[a] ?? []).every((b) => cuts(g, b, a)));
  if (!symmetric) {
    // One side deaf to the other (one-way), or any other uneven grudge.
    return Object.entries(g)
      .filter(([, bs]) => bs.length)
      .sort(([a], [b]) => byNode(a, b))
      .map(([a, bs]) => `${a} hears nothing from ${list(bs)}`)
      .join('; ');
  }
  const comps = components(g, nodes);
  const outside = e.bridge ? ` (${e.bridge} reaches both)` : '';
  if (comps && comps.length === 2) {
    const [small, big] = [...comps].sort((x, y) => x.length - y.length) as [string[], string[]];
    if (small.length === 1 && !e.bridge) {
      const who = small[0] === e.leader ? `leader ${small[0]}` : small[0];
      return `${who} isolated from ${list(big)}`;
    }
    return `${list(small)} cut off from ${list(big)}${outside}`;
  }
  if (comps) return `split into ${comps.map(list).join(' | ')}${outside}`;
  const pairs: string[] = [];
  for (const a of nodes) for (const b of g[a] ?? []) if (byNode(a, b) < 0) pairs.push(`${a}–${b}`);
  const shown = pairs.slice(0, 6).join(', ');
  return `links cut: ${shown}${pairs.length > 6 ? ` and ${pairs.length - 6} more` : ''}`;
}

/**
 * Groups of nodes that all talk among themselves and to no other group, when
 * the symmetric grudge is exactly that (a split); undefined for other shapes.
 */
function components(g: Readonly<Record<string, readonly string[]>>, nodes: string[]) {
  const groups = new Map<string, string[]>();
  for (const a of nodes) {
    const talks = nodes.filter((b) => b !== a && !cuts(g, a, b));
    const key = [a, ...talks].sort(byNode).join(',');
    groups.set(key, key.split(','));
  }
  const comps = [...groups.values()];
  const seen = comps.flat();
  if (seen.length !== new Set(seen).size) return undefined;
  return comps.sort((x, y) => byNode(x[0]!, y[0]!));
}
