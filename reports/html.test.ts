import { describe, expect, it } from 'vitest';
import type { Op } from '../core/history.ts';
import { faultIntervals } from './faults.ts';
import { renderReport } from './html.ts';
import { buildResults } from './results.ts';
import { syntheticRun, XSS } from './synthetic.ts';
import { checkerEntries } from './types.ts';

describe('renderReport', () => {
  const run = syntheticRun({ records: 3000, hostile: true, seed: 3 });
  const html = renderReport(run);

  it('shows the overall verdict, each checker verdict and the anomaly explanation', () => {
    expect(html).toMatch(/<h1><span class="verdict v-invalid">INVALID<\/span>/);
    expect(html).toMatch(/read-your-writes<\/th><td><span class="verdict v-invalid">INVALID/);
    expect(html).toMatch(/monotonic-reads<\/th><td><span class="verdict v-valid">valid/);
    expect(html).toMatch(/linearizable<\/th><td><span class="verdict v-unknown">unknown/);
    expect(html).toContain('wrote then read an older value');
    expect(html).toContain('search budget exhausted');
  });

  it('shows the warnings of the config at the top, escaped, and none without them', () => {
    const warning = `--sync-followers 1 with failover on 5 nodes can lose acknowledged writes ${XSS}`;
    const warned = renderReport({ ...run, config: { ...run.config, warnings: [warning] } });
    const top = warned.slice(0, warned.indexOf('</header>'));
    expect(top).toContain(
      '<p class="note warning"><b>Warning:</b> --sync-followers 1 with failover on 5 nodes can lose acknowledged writes &lt;script&gt;',
    );
    expect(html).not.toContain('class="note warning"');
  });

  it('shows the seed, duration and repeat command', () => {
    expect(html).toContain('<dt>seed</dt><dd>3</dd>');
    expect(html).toContain('<dt>duration</dt>');
    expect(html).toContain('npx splitbrain run --workload register --seed 3');
  });

  it('renders every payload from history, results and config as text', () => {
    expect(html).not.toContain(XSS);
    expect(html).not.toMatch(/<script>alert/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // value, node, explanation, test name, command and the extra "note" field all went through escaping
    expect(html.split('&lt;script&gt;alert(1)&lt;/script&gt;').length).toBeGreaterThan(5);
  });

  it('lists the witness ops in a table with index, process, type, f, value, node, time', () => {
    const witness = checkerEntries(run.results)[0]![1].anomalies[0]!.ops;
    for (const i of witness) expect(html).toContain(`<a href="#op=${i}">${i}</a>`);
    expect(html).toContain(
      '<th>index</th><th>process</th><th>type</th><th>f</th><th>value</th><th>node</th><th>time</th>',
    );
  });

  it('loads nothing from the network', () => {
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/);
  });

  it('draws the latency plot with fault intervals shaded', () => {
    expect(html).toContain('id="plot-latency"');
    expect(html).toMatch(/<path class="dots s-ok" d="M/);
    expect(html).toMatch(/<g class="fault fault-\d"><title>start-partition/);
    expect(html).toContain('never healed');
  });

  it('supports light and dark colour schemes and print', () => {
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toContain('@media print');
  });

  it('survives a hand-edited results.json with op indices that name no op', () => {
    const odd = buildResults({
      c: {
        valid: false,
        anomalies: [
          { kind: '<b>k</b>', ops: ['constructor', '<i>', 1e9, -1] as never, explanation: 'x' },
        ],
        stats: {},
      },
    });
    const out = renderReport({ config: {}, results: odd, history: run.history });
    expect(out).toContain('&lt;b&gt;k&lt;/b&gt;');
    expect(out).toContain(
      '<td class="num">&lt;i&gt;</td><td colspan="6" class="error">not in history.jsonl</td>',
    );
    expect(out).not.toMatch(/<[bi]>/);
  });

  it('renders a hand-edited config with fields of unexpected types', () => {
    const odd = {
      nemesis: 'kill',
      checkers: 5,
      versions: 'x',
      seed: '<b>',
      durationS: '9',
    } as never;
    const out = renderReport({ config: odd, results: run.results, history: run.history });
    expect(out).toContain('<dt>seed</dt><dd>&lt;b&gt;</dd>');
    expect(out).toContain('<th scope="row">nemesis</th><td>kill</td>');
  });

  it('renders a run with an empty config and history', () => {
    const empty = renderReport({ config: {}, results: buildResults({}), history: [] });
    // No checker at all proved nothing: the verdict is unknown, never valid.
    expect(empty).toContain('<span class="verdict v-unknown">unknown</span>');
    expect(empty).toContain('no completed client operations');
  });
});

describe('renderReport: cause and faults in words', () => {
  const nemesis = (index: number, type: Op['type'], f: string, value: unknown, s: number): Op => ({
    index,
    type,
    process: 'nemesis',
    f,
    value,
    time: s * 1e9,
  });
  const grudge = { n1: ['n3'], n2: ['n3'], n3: ['n1', 'n2'] };
  const history: Op[] = [
    nemesis(0, 'invoke', 'start-partition', 'isolate', 1),
    nemesis(1, 'info', 'start-partition', { kind: 'isolate', grudge }, 1),
    { index: 2, type: 'invoke', process: 0, f: 'write', value: [['w', 'k', 2]], time: 2e9 },
    {
      index: 3,
      type: 'ok',
      process: 0,
      f: 'write',
      value: [['w', 'k', 2]],
      time: 2.1e9,
      node: 'n1',
    },
    { index: 4, type: 'invoke', process: 0, f: 'read', value: [['r', 'k', null]], time: 3e9 },
    {
      index: 5,
      type: 'ok',
      process: 0,
      f: 'read',
      value: [['r', 'k', 1]],
      time: 3.1e9,
      node: 'n3',
    },
    nemesis(6, 'invoke', 'stop-partition', null, 4),
  ];
  const results = buildResults({
    'read-your-writes': {
      valid: false,
      anomalies: [{ kind: 'stale-read', ops: [3, 5], explanation: 'stale' }],
      stats: {},
    },
  });
  const html = renderReport({ config: { backend: 'sim' }, results, history });

  it('opens with the cause summary', () => {
    expect(html).toContain(
      '<p class="cause" id="cause">Of 1 stale read, 1 was served by n3 at 3.1 s, while n3 was isolated from n1, n2; it missed data acknowledged or seen up to 1.0 s earlier.</p>',
    );
  });

  it('lists faults in words, with the whole record on hover and in a details row', () => {
    expect(html).toMatch(
      /<td class="fault-words" title="start-partition: \{&quot;kind&quot;:&quot;isolate&quot;,&quot;grudge&quot;:\{&quot;n1&quot;:\[&quot;n3&quot;\]/,
    );
    expect(html).toContain(
      '>n3 isolated from n1, n2</td><td class="val"><details><summary>start-partition</summary><code>',
    );
  });

  it('says the times of a simulated run are simulated', () => {
    expect(html).toContain('<dt>times</dt><dd>simulated (sim backend): virtual seconds</dd>');
    expect(html).toContain('simulated time since start (s)');
    expect(html).toContain('client operations in simulated ms');
  });
});

describe('faultIntervals', () => {
  const op = (index: number, f: string, time: number, type: Op['type'] = 'invoke'): Op => ({
    index,
    type,
    process: 'nemesis',
    f,
    value: type === 'info' ? `did ${f}` : null,
    time,
  });
  it('pairs starts with stops, labels them with what the nemesis did, and runs unpaired ones to the end', () => {
    const h = [
      op(0, 'start-partition', 10),
      op(1, 'start-partition', 11, 'info'),
      op(2, 'kill', 20),
      op(3, 'stop-partition', 30),
      op(4, 'pause', 40),
      op(5, 'resume', 50),
    ];
    expect(faultIntervals(h, 100).map((f) => [f.f, f.startNs, f.endNs, f.closed, f.label])).toEqual(
      [
        ['start-partition', 10, 30, true, 'start-partition: did start-partition'],
        ['kill', 20, 100, false, 'kill'],
        ['pause', 40, 50, true, 'pause'],
      ],
    );
  });
});
