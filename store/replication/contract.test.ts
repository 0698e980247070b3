// Every registered replication mode passes the mode contract, with its
// defaults and with the settings listed here for it.
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

for (const mode of MODES) {
  for (const flags of [[], ...(VARIANTS[mode.name] ?? [])]) {
    describe(`replication mode contract: --mode ${mode.name} ${flags.join(' ')}`, () => {
      modeContract(['--mode', mode.name, ...flags]);
    });
  }
}
