// Command-line flags of a store node: the node's own (id, ports, peers, data
// dir, --fsync, seed, --mode) and, through the registry, those of its replication
// mode. Parsed and validated once, here; every problem is a StoreOptionsError
// naming the flag, what was wrong and the fix.
import { fail, FlagReader, flagUsage, scanFlags, type FlagSpec } from './flags.ts';
import { sortNodeIds } from './values.ts';
import { didYouMean } from '../core/suggest.ts';
import { DEFAULT_FSYNC, FSYNC_POLICIES, type FsyncPolicy, type NodeSetup } from './node.ts';
import type { Mode } from './replication/mode.ts';
import { DEFAULT_MODE, MODE_NAMES, MODES } from './replication/index.ts';

export { StoreOptionsError } from './flags.ts';

export interface PeerAddress {
  readonly id: string;
  readonly host: string;
  readonly port: number;
}

export interface StoreOptions extends NodeSetup {
  readonly host: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly peers: readonly PeerAddress[];
  readonly dataDir: string;
  readonly fsync: FsyncPolicy;
  /** Seed for the node's randomness (statements, election jitter); random when absent. */
  readonly seed: number | undefined;
}

const REQUIRED: readonly FlagSpec[] = [
  { name: 'id', kind: 'string', arg: '<id>', help: "this node's id, e.g. n1" },
  { name: 'client-port', kind: 'int', arg: '<port>', help: 'HTTP client API port' },
  { name: 'peer-port', kind: 'int', arg: '<port>', help: 'port other nodes dial for replication' },
  {
    name: 'data-dir',
    kind: 'string',
    arg: '<dir>',
    help: "where the node's data file lives (created if missing)",
  },
];

const OPTIONAL: readonly FlagSpec[] = [
  { name: 'host', kind: 'string', arg: '<addr>', help: 'listen address (default 127.0.0.1)' },
  {
    name: 'peer',
    kind: 'list',
    arg: '<id>=<host>:<port>',
    help: 'another node and where to dial it (repeat per peer)',
  },
  {
    name: 'mode',
    kind: 'string',
    arg: '<mode>',
    help: `replication mode: ${MODE_NAMES.join(' | ')} (default ${DEFAULT_MODE})`,
  },
  {
    name: 'fsync',
    kind: 'string',
    arg: '<when>',
    help: [
      'always: fsync the data file before any write is acknowledged, so it',
      'survives a power loss; never: leave it to the OS (a process crash loses',
      'nothing, a power loss what the OS had not written yet). (default always)',
    ].join('\n'),
  },
  {
    name: 'seed',
    kind: 'int',
    arg: '<n>',
    help: 'seed for nondeterministic statements and election jitter',
  },
  { name: 'help', kind: 'bool', help: 'print this text' },
];

const CORE_FLAGS = [...REQUIRED, ...OPTIONAL];

export const STORE_USAGE = `splitbrain store — one node of the reference replicated key-value store

Required:
${flagUsage(REQUIRED)}
Optional:
${flagUsage(OPTIONAL)}

${MODES.map((m) => `Mode ${m.name}${m.name === DEFAULT_MODE ? ' (default)' : ''}: ${m.summary}\n${flagUsage(m.flags)}`).join('\n\n')}
`;

/** Whether argv asks for help (then print STORE_USAGE and exit 0). */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** The name --mode gives in argv (looked up before scanning: it decides which flags exist). */
function modeName(argv: readonly string[]): string {
  let name = DEFAULT_MODE;
  argv.forEach((arg, i) => {
    if (arg === '--mode') name = argv[i + 1] ?? '';
    else if (arg.startsWith('--mode=')) name = arg.slice('--mode='.length);
  });
  return name;
}

function modeOf(argv: readonly string[], modes: readonly Mode[]): Mode {
  const name = modeName(argv);
  const names = modes.map((m) => m.name);
  return (
    modes.find((m) => m.name === name) ??
    fail(`--mode must be one of ${names.join(', ')}, got "${name}"${didYouMean(name, names)}`)
  );
}

/** Whether a node started with these flags takes `flag` (a core flag, or one of its mode's). */
export function takesFlag(argv: readonly string[], flag: string): boolean {
  if (CORE_FLAGS.some((f) => f.name === flag)) return true;
  // An unknown --mode takes nothing here; the node will name the mistake itself.
  const mode = MODES.find((m) => m.name === modeName(argv));
  return mode?.flags.some((f) => f.name === flag) ?? false;
}

/** Why a flag is not taken: another mode's, or unknown. */
function unknownFlag(mode: Mode, name: string, modes: readonly Mode[]): never {
  const owners = modes.filter((m) => m.flags.some((f) => f.name === name)).map((m) => m.name);
  if (owners.length > 0)
    fail(
      `--${name} is an option of --mode ${owners.join(' or ')}, and this node runs --mode ${mode.name}; drop it or add --mode ${owners[0]}`,
    );
  const valid = [...CORE_FLAGS, ...mode.flags].map((f) => `--${f.name}`).join(' ');
  return fail(`unknown flag --${name}; valid flags with --mode ${mode.name}: ${valid}`);
}

function port(f: FlagReader, name: string): number {
  const p = f.int(name, 1);
  if (p > 65535) fail(`--${name} must be a TCP port (1-65535), got ${p}`);
  return p;
}

function parsePeer(spec: string): PeerAddress {
  const m = /^([A-Za-z0-9_.-]+)=(.+):(\d+)$/.exec(spec);
  if (!m) return fail(`--peer must look like n2=127.0.0.1:17002, got "${spec}"`);
  const p = Number(m[3]);
  if (p < 1 || p > 65535) fail(`--peer ${spec}: port must be 1-65535`);
  return { id: m[1]!, host: m[2]!, port: p };
}

/** `modes`: the registry, unless a test brings its own. */
export function parseStoreOptions(
  argv: readonly string[],
  modes: readonly Mode[] = MODES,
): StoreOptions {
  const mode = modeOf(argv, modes);
  const f = new FlagReader(
    scanFlags(argv, [...CORE_FLAGS, ...mode.flags], (name) => unknownFlag(mode, name, modes)),
  );
  const id = f.str('id');
  if (!/^[A-Za-z0-9_.-]+$/.test(id))
    fail(`--id must be letters, digits, "_", "." or "-", got "${id}"`);
  const peers = f.list('peer').map(parsePeer);
  const ids = [id, ...peers.map((p) => p.id)];
  const dup = ids.find((x, i) => ids.indexOf(x) !== i);
  if (dup) fail(`node id "${dup}" appears twice among --id and --peer; give each node once`);
  const nodes = sortNodeIds(ids);
  const nodeMode = mode.configure(f, { self: id, nodes });
  const clientPort = port(f, 'client-port');
  const peerPort = port(f, 'peer-port');
  if (clientPort === peerPort)
    fail(`--client-port and --peer-port must differ (both ${clientPort})`);
  return {
    self: id,
    nodes,
    mode: nodeMode,
    fsync: f.oneOf<FsyncPolicy>('fsync', FSYNC_POLICIES, DEFAULT_FSYNC),
    host: f.str('host', '127.0.0.1'),
    clientPort,
    peerPort,
    peers,
    dataDir: f.str('data-dir'),
    seed: f.has('seed') ? f.int('seed', 0) : undefined,
  };
}

/**
 * What node `id` of a cluster of `ids` runs under these store flags, for
 * homes without ports or files (the simulation, contract tests).
 */
export function nodeSetup(
  id: string,
  ids: readonly string[],
  storeArgs: readonly string[],
): NodeSetup {
  const argv = ['--id', id, '--client-port', '1', '--peer-port', '2', '--data-dir', '.'];
  for (const p of ids) if (p !== id) argv.push('--peer', `${p}=sim:2`);
  const { self, nodes, mode, fsync } = parseStoreOptions([...argv, ...storeArgs]);
  return { self, nodes, mode, fsync };
}
