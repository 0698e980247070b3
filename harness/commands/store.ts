// `splitbrain store ...`: one node of the reference store, in this process.
import { runStore } from '../../store/main.ts';

export async function runStoreCommand(argv: readonly string[]): Promise<void> {
  await runStore([...argv]);
}
