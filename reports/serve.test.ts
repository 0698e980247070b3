import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResults } from './results.ts';
import { listRuns } from './runs-index.ts';
import { serveRuns, type RunsServer } from './serve.ts';
import { syntheticRun, XSS } from './synthetic.ts';

let root: string;
let runs: string;
let srv: RunsServer;

function writeRun(dir: string, run: ReturnType<typeof syntheticRun>, startedAt: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...run.config, startedAt }));
  writeFileSync(join(dir, 'results.json'), JSON.stringify(run.results));
  writeFileSync(join(dir, 'history.jsonl'), run.history.map((o) => JSON.stringify(o)).join('\n'));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'splitbrain-serve-'));
  runs = join(root, 'runs');
  const bad = syntheticRun({ records: 400, hostile: true });
  const good = {
    ...syntheticRun({ records: 300 }),
    results: buildResults({ c: { valid: true, anomalies: [], stats: {} } }),
  };
  writeRun(join(runs, 'old', '20261125T100000.000Z'), good, '2026-11-25T10:00:00.000Z');
  writeRun(join(runs, 'new', '20261126T100000.000Z'), bad, '2026-11-26T10:00:00.000Z');
  mkdirSync(join(runs, 'crashed', '20261126T110000.000Z'), { recursive: true });
  writeFileSync(
    join(runs, 'crashed', '20261126T110000.000Z', 'config.json'),
    '{"test": "crashed", "startedAt": "2026-11-26T11:00:00.000Z"}',
  );
  symlinkSync(join('new', '20261126T100000.000Z'), join(runs, 'latest'));
  writeFileSync(join(root, 'secret.txt'), 'do not serve');
  writeFileSync(join(root, 'outside.json'), '{"test": "LEAKED-CONFIG"}');
  // Unpacked artifacts may hold symlinks: to a file of the machine, to a folder, to a JSON elsewhere.
  const links = join(runs, 'links', '20261127T100000.000Z');
  writeRun(links, good, '2026-11-27T10:00:00.000Z');
  rmSync(join(links, 'history.jsonl'));
  symlinkSync(join(root, 'secret.txt'), join(links, 'history.jsonl'));
  symlinkSync('/etc/hostname', join(links, 'report.html'));
  symlinkSync(root, join(links, 'junit.xml'));
  const borrowed = join(runs, 'borrowed', '20261127T110000.000Z');
  writeRun(borrowed, good, '2026-11-27T11:00:00.000Z');
  rmSync(join(borrowed, 'config.json'));
  symlinkSync(join(root, 'outside.json'), join(borrowed, 'config.json'));
  srv = await serveRuns(runs, 0);
});
afterAll(async () => {
  await srv?.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (path: string) => fetch(new URL(path, srv.url));

describe('listRuns', () => {
  it('lists every run once, newest first, skipping runs/latest', () => {
    expect(listRuns(runs).map((r) => [r.path, r.valid, r.anomalies])).toEqual([
      ['borrowed/20261127T110000.000Z', true, 0],
      ['links/20261127T100000.000Z', true, 0],
      ['crashed/20261126T110000.000Z', 'missing', 0],
      ['new/20261126T100000.000Z', false, 1],
      ['old/20261125T100000.000Z', true, 0],
    ]);
  });
});

describe('serveRuns', () => {
  it('listens on loopback only', () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(srv.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('lists runs with verdicts, links to reports and a trend, everything escaped', async () => {
    const html = await (await get('/')).text();
    const table = html.slice(html.indexOf('<table'));
    expect(table.indexOf('20261126T100000')).toBeLessThan(table.indexOf('20261125T100000'));
    expect(html).toContain('<span class="verdict v-invalid">INVALID</span>');
    expect(html).toContain('<span class="verdict v-unknown">no results</span>');
    expect(html).toContain('href="/runs/new/20261126T100000.000Z/report.html"');
    expect(html).toContain('aria-label="anomalies per run"');
    expect(html).not.toContain(XSS);
    expect(html).toContain('&lt;script&gt;');
  });

  it('filters by verdict and test through query parameters', async () => {
    const html = await (await get('/?verdict=valid')).text();
    expect(html).toContain('/runs/old/');
    expect(html).not.toContain('/runs/new/');
    expect(await (await get('/?test=crashed')).text()).toContain('1 shown');
  });

  it('renders a report on the fly when the run has none, and serves run files', async () => {
    const res = await get('/runs/new/20261126T100000.000Z/report.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('wrote then read an older value');
    expect((await get('/runs/old/20261125T100000.000Z/results.json')).status).toBe(200);
  });

  it('serves nothing outside the runs folder and no other file names', async () => {
    for (const path of [
      '/runs/../secret.txt',
      '/runs/%2e%2e/secret.txt',
      '/runs/..%2fsecret.txt/report.html',
      '/runs/new/20261126T100000.000Z/../../../secret.txt',
      '/runs/new/20261126T100000.000Z/history.jsonl.bak',
      '/secret.txt',
    ])
      expect((await get(path)).status, path).toBe(404);
    expect((await fetch(new URL('/', srv.url), { method: 'POST' })).status).toBe(405);
  });

  it('follows no symlink out of the runs folder, to a file or a folder', async () => {
    const hostname = readFileSync('/etc/hostname', 'utf8');
    for (const path of [
      '/runs/links/20261127T100000.000Z/history.jsonl',
      '/runs/links/20261127T100000.000Z/report.html',
      '/runs/links/20261127T100000.000Z/junit.xml',
      '/runs/borrowed/20261127T110000.000Z/config.json',
      '/runs/borrowed/20261127T110000.000Z/report.html',
    ]) {
      const res = await get(path);
      const body = await res.text();
      expect(res.status, path).toBe(404);
      expect(body, path).not.toContain('do not serve');
      expect(body, path).not.toContain('LEAKED-CONFIG');
      if (hostname.trim() !== '') expect(body, path).not.toContain(hostname.trim());
    }
    // The run's own regular files are still served.
    expect((await get('/runs/links/20261127T100000.000Z/results.json')).status).toBe(200);
    const listing = (await (await get('/')).text()) + (await (await get('/api/runs')).text());
    expect(listing).not.toContain('LEAKED-CONFIG');
  });

  it('answers only to loopback host names (no DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = (host: string) =>
      new Promise<number>((ok, bad) => {
        const req = request(
          { host: '127.0.0.1', port: srv.port, path: '/', headers: { host } },
          (res) => {
            res.resume();
            ok(res.statusCode ?? 0);
          },
        );
        req.on('error', bad);
        req.end();
      });
    expect(await status('evil.example:80')).toBe(421);
    expect(await status(`localhost:${srv.port}`)).toBe(200);
  });

  it('says why a run cannot be reported', async () => {
    const res = await get('/runs/crashed/20261126T110000.000Z/report.html');
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/results\.json is missing/);
  });
});
