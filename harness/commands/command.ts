// What each command file gives the CLI: its options and what it does. The CLI
// loads a command's file only when that command is named, so `--version`,
// `check` and the rest never load what only `run` uses (drivers, Docker).
import type { Argv } from 'yargs';

export interface CommandModule {
  /** Declares the command's positionals and flags. */
  readonly builder: (y: Argv) => Argv;
  /** Runs it; `argv` is the whole command line, for commands that pass it on. */
  readonly handler: (args: Record<string, unknown>, argv: readonly string[]) => Promise<void>;
}
