// The `splitbrain run` flags of the store's leaderless mode (store/README.md,
// "Leaderless replication"), passed on to every node; each is declared once
// here and the node validates the combination (w and r at most n).
import { oneOf, wholeNumber, type OptionSpec } from '../../core/option.ts';

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
    flag: 'conflicts',
    group: 'systems',
    type: 'string',
    describe: 'store, leaderless: concurrent writes kept as siblings, or lww [default: siblings]',
    parse: oneOf('conflicts', ['siblings', 'lww']),
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
