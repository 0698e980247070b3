// `splitbrain serve`: a local page listing every run under the runs folder.
import { resolve } from 'node:path';
import { serveRuns } from '../../reports/serve.ts';

export async function runServeCommand(args: Record<string, unknown>): Promise<void> {
  const server = await serveRuns(resolve(String(args.out)), Number(args.port));
  process.stdout.write(`serving ${String(args.out)} at ${server.url} (Ctrl-C stops)\n`);
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
