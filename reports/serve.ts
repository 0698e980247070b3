// `splitbrain serve`: a local page (127.0.0.1 only) listing every run under
// runs/ with its verdict, and serving each run's report. Read-only.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { renderReport } from './html.ts';
import { absentOrInside, realPathInside, regularFileInside } from './inside.ts';
import { listRuns } from './runs-index.ts';
import { renderRunsPage } from './serve-page.ts';
import { readRunDir, ReportInputError } from './write.ts';

/** The only files served from a run directory, with their types. */
const SERVED: Readonly<Record<string, string>> = {
  'report.html': 'text/html; charset=utf-8',
  'junit.xml': 'application/xml; charset=utf-8',
  'results.json': 'application/json; charset=utf-8',
  'config.json': 'application/json; charset=utf-8',
  'history.jsonl': 'text/plain; charset=utf-8',
};

/** What an on-the-fly report reads (reports/write.ts readRunDir). */
const RENDER_INPUTS = ['config.json', 'results.json', 'history.jsonl'];

export interface RunsServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** Resolves /runs/<path>/<file> inside runsDir, or null for anything that escapes it. */
function runFile(runsRoot: string, pathname: string): { dir: string; file: string } | null {
  const parts = pathname.split('/').slice(2).map(decodeURIComponent);
  const file = parts.pop();
  if (!file || !(file in SERVED) || parts.length === 0) return null;
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('/') || p.includes('\\')))
    return null;
  const real = realPathInside(runsRoot, resolve(runsRoot, ...parts));
  return real === null ? null : { dir: real, file };
}

/**
 * Loopback binding alone does not stop a web page elsewhere from reading runs
 * through DNS rebinding (its own name resolving to 127.0.0.1); the Host header
 * gives that away, so only loopback names are answered.
 */
function loopbackHost(host: string | undefined): boolean {
  return /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(host ?? '');
}

function handle(runsRoot: string, req: IncomingMessage, res: ServerResponse): void {
  if (!loopbackHost(req.headers.host))
    return send(
      res,
      421,
      'text/plain; charset=utf-8',
      'this server answers only to 127.0.0.1 or localhost\n',
    );
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return send(res, 405, 'text/plain', 'read-only\n');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/' || url.pathname === '/index.html') {
    const f = Object.fromEntries(
      ['test', 'verdict', 'q'].flatMap((k) =>
        url.searchParams.get(k) ? [[k, url.searchParams.get(k)!]] : [],
      ),
    );
    return send(
      res,
      200,
      'text/html; charset=utf-8',
      renderRunsPage(runsRoot, listRuns(runsRoot), f),
    );
  }
  if (url.pathname === '/api/runs')
    return send(res, 200, SERVED['results.json']!, JSON.stringify(listRuns(runsRoot)));
  if (url.pathname.startsWith('/runs/')) {
    let target: { dir: string; file: string } | null = null;
    try {
      target = runFile(runsRoot, url.pathname);
    } catch {
      target = null;
    }
    if (!target) return send(res, 404, 'text/plain; charset=utf-8', 'no such run file\n');
    const path = join(target.dir, target.file);
    // The file's own real path counts, not only its folder's: a symlink may point anywhere.
    const real = regularFileInside(runsRoot, path);
    if (real !== null) return send(res, 200, SERVED[target.file]!, readFileSync(real));
    if (existsSync(path))
      return send(
        res,
        404,
        'text/plain; charset=utf-8',
        `${target.file} is not a file of this run\n`,
      );
    // A run checked before reports existed, or whose report was deleted: render it now, write nothing.
    if (target.file === 'report.html') {
      if (!RENDER_INPUTS.every((f) => absentOrInside(runsRoot, join(target.dir, f))))
        return send(
          res,
          404,
          'text/plain; charset=utf-8',
          'this run links to files outside the runs folder\n',
        );
      try {
        return send(res, 200, SERVED['report.html']!, renderReport(readRunDir(target.dir)));
      } catch (err) {
        if (err instanceof ReportInputError)
          return send(res, 404, 'text/plain; charset=utf-8', `${err.message}\n`);
        throw err;
      }
    }
    return send(res, 404, 'text/plain; charset=utf-8', `${target.file} is not in this run\n`);
  }
  send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
}

/** Starts the server on 127.0.0.1:port (0 picks a free port); resolves once it listens. */
export function serveRuns(runsDir: string, port = 7777): Promise<RunsServer> {
  if (!existsSync(runsDir) || !statSync(runsDir).isDirectory())
    return Promise.reject(
      new Error(`${runsDir} is not a directory; runs are written to runs/ by \`splitbrain run\``),
    );
  const runsRoot = realpathSync(runsDir);
  const server = createServer((req, res) => {
    try {
      handle(runsRoot, req, res);
    } catch (err) {
      if (!res.headersSent)
        send(res, 500, 'text/plain; charset=utf-8', `${(err as Error).message}\n`);
      else res.destroy();
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    // Loopback only: run histories can hold anything the tested system returned.
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as AddressInfo).port;
      ok({
        url: `http://127.0.0.1:${bound}/`,
        port: bound,
        server,
        close: () => new Promise<void>((done, bad) => server.close((e) => (e ? bad(e) : done()))),
      });
    });
  });
}
