// The splitbrain command line. Exit codes (docs/architecture.md): 0 all
// valid, 1 an anomaly, 2 unknown, 3 the run itself failed or the input was bad.
import yargs, { type Argv } from 'yargs';
import { checkOptions, runCheckCommand } from './commands/check.ts';
import { runReportCommand } from './commands/report.ts';
import { runRunCommand, runOptions } from './commands/run.ts';
import { runStoreCommand } from './commands/store.ts';
import { exitWithError } from './commands/exit.ts';
import { runDoctorCommand } from './commands/doctor.ts';
import { EXPORT_FORMATS, runExportCommand } from './commands/export.ts';
import { runServeCommand } from './commands/serve.ts';
import { matrixCommand } from './commands/matrix.ts';
import { yargsOptions } from './options.ts';
import { RUN_OPTIONS } from './run-options.ts';

/** The flag specs `serve` shares with `run` (the runs folder). */
const OUT = RUN_OPTIONS.filter((s) => s.flag === 'out');

function checkCommand(y: Argv): Argv {
  return y.command(
    'check <path>',
    're-check a saved history (a run directory, a history file, or another tool’s history) offline',
    (c) => checkOptions(c),
    async (args) => runCheckCommand(args),
  );
}

function exportCommand(y: Argv): Argv {
  return y.command(
    'export <path>',
    'write a saved history in another format (for Elle, Knossos)',
    (c) =>
      c
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
        .option('output', { type: 'string', describe: 'file to write [default: standard output]' }),
    async (args) => runExportCommand(args),
  );
}

/** The commands that take a run directory or none: report, doctor, serve, store. */
function toolCommands(y: Argv, argv: readonly string[]): Argv {
  return y
    .command(
      'report <path>',
      'rebuild report.html and junit.xml of a run directory from its files',
      (c) =>
        c.positional('path', {
          type: 'string',
          describe: 'run directory, e.g. runs/latest',
          demandOption: true,
        }),
      async (args) => runReportCommand(args),
    )
    .command(
      'doctor',
      'list the faults each backend can deliver here, and why not the others',
      (c) =>
        c.option('cleanup', {
          type: 'boolean',
          default: false,
          describe: 'remove containers and networks a crashed run left',
        }),
      async (args) => runDoctorCommand(args),
    )
    .command(
      'serve',
      'a local page listing every run, newest first, with verdicts and links to reports',
      (c) =>
        yargsOptions(
          c.option('port', { type: 'number', default: 7777, describe: 'port on 127.0.0.1' }),
          OUT,
        ),
      async (args) => runServeCommand({ ...args, out: args.out ?? OUT[0]!.default }),
    )
    .command(
      'store',
      'run one node of the reference store (flags: splitbrain store --help)',
      (c) => c.help(false).version(false).strict(false),
      async () => runStoreCommand(argv.slice(argv.indexOf('store') + 1)),
    );
}

export function buildCli(argv: readonly string[]): Argv {
  const y = yargs([...argv])
    .scriptName('splitbrain')
    .usage(
      '$0 <command> [options]\n\nA Jepsen-style consistency tester and the replicated store it tests.',
    )
    .command(
      'run',
      'start a cluster, drive clients and faults, check the history, write a run directory',
      (c) => runOptions(c),
      async (args) => runRunCommand(args),
    );
  return toolCommands(matrixCommand(exportCommand(checkCommand(y))), argv)
    .demandCommand(
      1,
      'give a command: run, check, report, export, doctor, serve or store (see --help)',
    )
    .strict()
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .help()
    .fail((msg, err) => exitWithError(err ?? new Error(msg), 'usage'))
    .exitProcess(false);
}

/** Parses argv and runs the command; exit codes are set by the commands. */
export async function main(argv: readonly string[]): Promise<void> {
  // `splitbrain export ... | head` closes our stdout early; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  try {
    await buildCli(argv).parseAsync();
  } catch (err) {
    exitWithError(err, 'unexpected');
  }
}
