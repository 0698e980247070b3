// The `splitbrain run` flags of the store's leaderless mode (store/README.md,
// "Leaderless replication"), passed on to every node; each is declared once
// here and the node validates the combination (w and r at most n).
import { UsageError } from '../../core/errors.ts';
import { wholeNumber, type OptionSpec, type OptionValues } from '../../core/option.ts';

export const LEADERLESS_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'n',
    key: 'quorumN',
    group: 'systems',
    type: 'number',
    describe: 'store, leaderless: home replicas per key [default: 3]',
    parse: wholeNumber('n', 1, 64),
  },
  {
    flag: 'w',
    key: 'quorumW',
    group: 'systems',
    type: 'number',
    describe: 'store, leaderless: acknowledgements a write waits for [default: 2]',
    parse: wholeNumber('w', 1, 64),
  },
  {
    flag: 'r',
    key: 'quorumR',
    group: 'systems',
    type: 'number',
    describe: 'store, leaderless: replies a read waits for [default: 2]',
    parse: wholeNumber('r', 1, 64),
  },
  {
    flag: 'sloppy',
    group: 'systems',
    type: 'boolean',
    describe: 'store, leaderless: sloppy quorum with hinted handoff',
  },
  {
    flag: 'anti-entropy-interval-ms',
    group: 'systems',
    type: 'number',
    describe:
      'store, leaderless: Merkle-tree comparison with one peer this often, 0 off [default: 1000]',
    parse: wholeNumber('anti-entropy-interval-ms', 0, 3_600_000),
  },
];

/** w and r at most n, n at most the nodes: refused before any node starts. */
export function checkQuorums(options: OptionValues, nodeCount: number): void {
  if (options.mode !== 'leaderless') return;
  const num = (k: string, d: number) =>
    typeof options[k] === 'number' ? (options[k] as number) : d;
  const n = num('quorumN', Math.min(3, nodeCount));
  const bad =
    n > nodeCount
      ? `--n ${n} is more than the ${nodeCount} nodes; give --n ${nodeCount} or fewer, or more --nodes`
      : num('quorumW', Math.min(2, n)) > n
        ? `--w ${num('quorumW', 2)} is more than --n ${n}: a write could never be acknowledged`
        : num('quorumR', Math.min(2, n)) > n
          ? `--r ${num('quorumR', 2)} is more than --n ${n}: a read could never be answered`
          : null;
  if (bad !== null) throw new UsageError(bad);
}
