// Every registered replication mode passes the mode contract, with its
// defaults and with the settings listed here for it, syncing each record and
// with group commit.
import { describe } from 'vitest';
import { MODES } from './index.ts';
import { modeContract } from './contract.suite.ts';

/** Store flags, beyond the mode's defaults, each mode is also held to the contract with. */
const VARIANTS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  'single-leader': [
    ['--replication', 'sync', '--failover-timeout-ms', '500', '--heartbeat-ms', '50'],
    ['--replication', 'semi-sync', '--sync-followers', '1', '--log-format', 'statement'],
    ['--shards', '3', '--apply-delay-ms', 'n3=200'],
  ],
  // merge is held to the contract by its own tests: its values are sets, not the last write.
  'multi-leader': [
    ['--conflicts', 'replica-id', '--topology', 'circular'],
    ['--conflicts', 'siblings', '--topology', 'star', '--hub', 'n2'],
  ],
  leaderless: [
    ['--w', '1', '--r', '1', '--conflicts', 'lww', '--anti-entropy-interval-ms', '200'],
    ['--sloppy', '--conflicts', 'lww'],
  ],
};

// Nodes of a real process group commit (durability.ts): their messages and
// answers wait for the turn's fsync, which every mode must take in its stride.
for (const mode of MODES) {
  for (const flags of [[], ...(VARIANTS[mode.name] ?? [])]) {
    for (const groupCommit of [false, true]) {
      const title = `--mode ${mode.name} ${flags.join(' ')}${groupCommit ? ' (group commit)' : ''}`;
      describe(`replication mode contract: ${title}`, () => {
        modeContract(['--mode', mode.name, ...flags], groupCommit);
      });
    }
  }
}
