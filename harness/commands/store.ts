// `splitbrain store ...`: one node of the reference store, in this process.
import { runStore } from '../../store/main.ts';
import type { CommandModule } from './command.ts';

export const command: CommandModule = {
  // The store parses its own flags (store/README.md).
  builder: (c) => c.help(false).version(false).strict(false),
  handler: async (_args, argv) => runStore(argv.slice(argv.indexOf('store') + 1)),
};
