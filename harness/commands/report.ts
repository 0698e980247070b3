// `splitbrain report <run-dir>`: rebuild report.html and junit.xml from the
// run directory's files; never re-checks.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeReports } from '../../reports/write.ts';
import { UsageError } from '../../core/errors.ts';
import { RUN_FILES } from '../../core/run-files.ts';
import type { CommandModule } from './command.ts';

async function runReportCommand(args: Record<string, unknown>): Promise<void> {
  const dir = resolve(String(args.path));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new UsageError(`${String(args.path)} is not a run directory; give e.g. runs/latest`);
  }
  writeReports(dir);
  const [html, junit] = [join(dir, RUN_FILES.report), join(dir, RUN_FILES.junit)];
  process.stdout.write(`wrote ${html} and ${junit}\n`);
}

export const command: CommandModule = {
  builder: (c) =>
    c.positional('path', {
      type: 'string',
      describe: 'run directory, e.g. runs/latest',
      demandOption: true,
    }),
  handler: runReportCommand,
};
