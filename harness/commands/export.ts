// `splitbrain export`: a saved history in another tool's format (Jepsen EDN,
// so Elle and Knossos can read our runs).
import { writeFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { exportJepsenEdn } from '../../checkers/importers/index.ts';
import { UsageError } from '../../core/errors.ts';
import { readHistoryFile } from '../../core/history-file.ts';
import { resolveHistoryInput } from '../rundir.ts';
import type { CommandModule } from './command.ts';
import { didYouMean } from '../../core/suggest.ts';

const EXPORT_FORMATS = ['jepsen-edn'] as const;

function exportOptions(y: Argv): Argv {
  return y
    .positional('path', {
      type: 'string',
      describe: 'run directory or history.jsonl',
      demandOption: true,
    })
    .option('format', {
      type: 'string',
      default: 'jepsen-edn',
      describe: `one of ${EXPORT_FORMATS.join(', ')}`,
    })
    .option('output', { type: 'string', describe: 'file to write [default: standard output]' });
}

async function runExportCommand(args: Record<string, unknown>): Promise<void> {
  const format = String(args.format);
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(
      `--format must be one of ${EXPORT_FORMATS.join(', ')}; got ${JSON.stringify(format)}${didYouMean(format, EXPORT_FORMATS)}`,
    );
  }
  const input = resolveHistoryInput(String(args.path));
  // The same reader as check and report: a torn last line is left out, and said so.
  const ops = readHistoryFile(input.historyPath, {
    onNote: (note) => process.stderr.write(`note: ${note}\n`),
  });
  const text = exportJepsenEdn(ops);
  if (typeof args.output === 'string') writeFileSync(args.output, text);
  else process.stdout.write(text);
}

export const command: CommandModule = { builder: exportOptions, handler: runExportCommand };
