// The splitbrain command line. Exit codes (docs/architecture.md): 0 all
// valid, 1 an anomaly, 2 unknown, 3 the run itself failed or the input was bad.
// Each command's file is loaded only when the command is named, so a start
// pays only for what that command uses (bin/README.md).
import yargs, { type Argv } from 'yargs';
import type { CommandModule } from './commands/command.ts';
import { exitWithError, exitWithUsage } from './commands/exit.ts';
import { VERSION } from './version.ts';

interface CommandEntry {
  readonly name: string;
  /** The command with its positionals, as yargs takes it. */
  readonly usage: string;
  readonly describe: string;
  readonly load: () => Promise<CommandModule>;
}

const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run',
    usage: 'run',
    describe: 'start a cluster, drive clients and faults, check the history, write a run directory',
    load: async () => (await import('./commands/run.ts')).command,
  },
  {
    name: 'check',
    usage: 'check <path>',
    describe:
      're-check a saved history (a run directory, a history file, or another tool’s history) offline',
    load: async () => (await import('./commands/check.ts')).command,
  },
  {
    name: 'export',
    usage: 'export <path>',
    describe: 'write a saved history in another format (for Elle, Knossos)',
    load: async () => (await import('./commands/export.ts')).command,
  },
  {
    name: 'report',
    usage: 'report <path>',
    describe: 'rebuild report.html and junit.xml of a run directory from its files',
    load: async () => (await import('./commands/report.ts')).command,
  },
  {
    name: 'doctor',
    usage: 'doctor',
    describe: 'list the faults each backend can deliver here, and why not the others',
    load: async () => (await import('./commands/doctor.ts')).command,
  },
  {
    name: 'serve',
    usage: 'serve',
    describe: 'a local page listing every run, newest first, with verdicts and links to reports',
    load: async () => (await import('./commands/serve.ts')).command,
  },
  {
    name: 'store',
    usage: 'store',
    describe: 'run one node of the reference store (flags: splitbrain store --help)',
    load: async () => (await import('./commands/store.ts')).command,
  },
  {
    name: 'matrix',
    usage: 'matrix',
    describe:
      'run the consistency matrix: store settings x read policies x nemeses x seeds, against theory',
    load: async () => (await import('./commands/matrix.ts')).command,
  },
  {
    name: 'shrink',
    usage: 'shrink <run>',
    describe:
      'find the smallest sim run that still shows the same anomaly; write it as a replay file (run --replay)',
    load: async () => (await import('./commands/shrink.ts')).command,
  },
];

/** The files of the commands the command line names (usually one), loaded. */
async function loadNamed(argv: readonly string[]): Promise<Map<string, CommandModule>> {
  const named = COMMANDS.filter((c) => argv.includes(c.name));
  const loaded = await Promise.all(named.map(async (c) => [c.name, await c.load()] as const));
  return new Map(loaded);
}

export async function buildCli(argv: readonly string[]): Promise<Argv> {
  const modules = await loadNamed(argv);
  // The parser of the command being parsed, for naming the flags it takes.
  let parser: Argv | null = null;
  let y = yargs([...argv])
    .scriptName('splitbrain')
    .usage(
      '$0 <command> [options]\n\nA Jepsen-style consistency tester and the replicated store it tests.',
    );
  for (const c of COMMANDS) {
    const m = modules.get(c.name);
    // A command not named on this line is never selected, so it needs no options.
    y = y.command(
      c.usage,
      c.describe,
      (sub) => {
        parser = sub;
        return m ? m.builder(sub) : sub;
      },
      async (args) => m?.handler(args, argv),
    );
  }
  y = y
    .demandCommand(
      1,
      'give a command: run, check, report, export, doctor, serve, store, matrix or shrink (see --help)',
    )
    .strict()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .help()
    .alias('help', 'h')
    .version(VERSION)
    .alias('version', 'V')
    .fail((msg, err) => {
      // A message of its own is yargs' verdict on the command line; a thrown error is a command's.
      if (err) exitWithError(err, 'unexpected');
      exitWithUsage(msg, { argv, parser: parser ?? y, commands: COMMANDS.map((c) => c.name) });
    })
    .exitProcess(false);
  return y;
}

/** Parses argv and runs the command; exit codes are set by the commands. */
export async function main(argv: readonly string[]): Promise<void> {
  // `splitbrain export ... | head` closes our stdout early; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  try {
    const cli = await buildCli(argv);
    // Asking the bare command what it does is not a mistake: help, exit 0.
    if (argv.length === 0) cli.showHelp('log');
    else await cli.parseAsync();
  } catch (err) {
    exitWithError(err, 'unexpected');
  }
}
