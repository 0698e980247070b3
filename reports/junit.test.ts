import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit.ts';
import { buildResults } from './results.ts';

const results = buildResults({
  'read-your-writes': {
    valid: false,
    anomalies: [
      { kind: 'stale-read', ops: [3, 9], explanation: 'read <5> & "older" \u0001 value' },
    ],
    stats: { durationMs: 1500 },
  },
  'monotonic-reads': { valid: true, anomalies: [], stats: {} },
  linearizable: { valid: 'unknown', anomalies: [], stats: {}, error: 'budget <exhausted>' },
});
const config = {
  test: 'a&b',
  seed: 7,
  durationS: 12.5,
  command: "run --x '<y>'",
  checkers: ['read-your-writes', 'monotonic-reads', 'linearizable', 'convergence'],
};

/** Crude but strict enough: every tag closes in order and no raw & or < leaks into text. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>/, '');
  for (const m of body.matchAll(
    /<(\/?)([A-Za-z]+)((?:\s+[a-z]+="[^"<]*")*)\s*(\/?)>|<|&(?!(amp|lt|gt|quot|apos);)/g,
  )) {
    if (m[2] === undefined)
      throw new Error(`stray markup character at ${m.index}: ${xml.slice(m.index, m.index + 30)}`);
    if (m[4] === '/') continue;
    if (m[1] === '/') expect(stack.pop()).toBe(m[2]);
    else stack.push(m[2]);
  }
  expect(stack).toEqual([]);
  // eslint-disable-next-line no-control-regex
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
}

describe('renderJunit', () => {
  const xml = renderJunit({ config, results });
  it('is well-formed XML with everything escaped', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    assertWellFormed(xml);
    expect(xml).toContain('read &lt;5&gt; &amp; &quot;older&quot; \uFFFD value');
  });
  it('counts tests, failures, errors and skipped on the testsuite', () => {
    expect(xml).toMatch(
      /<testsuite name="a&amp;b" tests="4" failures="1" errors="1" skipped="1" time="12.5"/,
    );
  });
  it('has one test case per checker; a configured checker without a result is skipped', () => {
    const names = [...xml.matchAll(/<testcase [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['read-your-writes', 'monotonic-reads', 'linearizable', 'convergence']);
    expect(xml).toMatch(/name="convergence" time="0">\s*<skipped/);
  });
  it('carries the anomaly explanations and op indices in the failure', () => {
    expect(xml).toMatch(
      /<failure message="1 anomaly: stale-read ×1" type="stale-read">stale-read: read/,
    );
    expect(xml).toContain('(ops 3, 9)</failure>');
    expect(xml).toMatch(/name="read-your-writes" time="1.5"/);
  });
  it('reports unknown as an error, never a pass', () => {
    expect(xml).toContain('<error message="unknown: budget &lt;exhausted&gt;" type="unknown">');
  });
  it('survives a hand-edited config whose lists are not lists', () => {
    const odd = { test: 't', checkers: 'ryw', nemesis: 'kill' } as never;
    const out = renderJunit({ config: odd, results });
    expect(out).toContain('<property name="nemesis" value="kill"/>');
    expect(out).toMatch(/tests="3" failures="1" errors="1" skipped="0"/);
  });

  it('records the seed and the repeat command as properties', () => {
    expect(xml).toContain('<property name="seed" value="7"/>');
    expect(xml).toContain('<property name="command" value="run --x &apos;&lt;y&gt;&apos;"/>');
  });
});
