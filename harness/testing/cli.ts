// The CLI as a user runs it: a real `node bin/splitbrain.js` process, so exit
// codes, stderr wording and flag parsing are tested end to end. Never
// rejects: tests assert on the exit code themselves.
import { execa } from 'execa';

export const BIN = new URL('../../bin/splitbrain.js', import.meta.url).pathname;

export interface CliOptions {
  /** Kill the process after this long, so a hang fails the test. */
  readonly timeoutMs?: number;
  /** Added to this process's environment, or all of it when `extendEnv` is false; default NO_COLOR=1. */
  readonly env?: Readonly<Record<string, string>>;
  readonly extendEnv?: boolean;
}

export function splitbrain(args: readonly string[], options: CliOptions = {}) {
  return execa(process.execPath, [BIN, ...args], {
    reject: false,
    env: options.env ?? { NO_COLOR: '1' },
    extendEnv: options.extendEnv ?? true,
    timeout: options.timeoutMs ?? 60_000,
  });
}
