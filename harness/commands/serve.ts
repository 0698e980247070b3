// `splitbrain serve`: a local page listing every run under the runs folder.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveRuns } from '../../reports/serve.ts';
import { UsageError } from '../../core/errors.ts';
import { numberFlag, yargsOptions } from '../options.ts';
import { RUN_OPTIONS } from '../run-options.ts';
import type { CommandModule } from './command.ts';

/** The flag specs `serve` shares with `run` (the runs folder). */
const OUT = RUN_OPTIONS.filter((s) => s.flag === 'out');

const MAX_PORT = 65535;

/** Bad flags are refused by name before anything listens. */
function checkServeFlags(port: unknown, out: string): number {
  const n = Number(port);
  if (!Number.isInteger(n) || n < 0 || n > MAX_PORT)
    throw new UsageError(
      `--port must be a whole number from 0 to ${MAX_PORT} (0 picks a free port), got ${String(port)}`,
    );
  if (!existsSync(out) || !statSync(out).isDirectory())
    throw new UsageError(
      `--out ${out} is not a folder of runs; give the folder \`splitbrain run\` wrote to (default runs)`,
    );
  return n;
}

async function listen(out: string, port: number) {
  try {
    return await serveRuns(resolve(out), port);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES')
      throw new UsageError(
        `--port ${port} ${code === 'EADDRINUSE' ? 'is in use' : 'is not permitted here'}; choose another with --port N (0 picks a free port)`,
        { cause: err },
      );
    throw err;
  }
}

async function runServeCommand(args: Record<string, unknown>): Promise<void> {
  const out = String(args.out ?? OUT[0]!.default);
  const server = await listen(out, checkServeFlags(args.port, out));
  process.stdout.write(`serving ${out} at ${server.url} (Ctrl-C stops)\n`);
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export const command: CommandModule = {
  builder: (c) =>
    yargsOptions(c.option('port', { ...numberFlag('port on 127.0.0.1'), default: 7777 }), OUT),
  handler: runServeCommand,
};
