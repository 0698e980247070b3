// The shape of the code (docs/architecture.md, "Folders"), checked in the
// lint step: each rule names the folder it guards and why.
/** One forbidden dependency: from the files of `from` to those of `to`, with why. */
const rule = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    rule(
      'no-circular',
      'Arrows run one way: a cycle means two files are one idea, or a contract is in the wrong place.',
      {},
      { circular: true },
    ),
    rule(
      'core-imports-nothing-of-ours',
      'core/ holds the contracts every part shares; it depends on no part.',
      { path: '^core/' },
      { path: '^(?!core/)', pathNot: '^node_modules/', dependencyTypesNot: ['core'] },
    ),
    rule(
      'checkers-import-only-core',
      'Checkers are pure functions of a history: no harness, no cluster, no system.',
      { path: '^checkers/' },
      { path: '^(?!checkers/|core/)', pathNot: '^node_modules/', dependencyTypesNot: ['core'] },
    ),
    rule(
      'store-core-imports-no-replication-mode',
      'The store core (node, ports, HTTP API, transport, storage) knows no mode: only the one interface every mode implements (store/replication/mode.ts) and the registry that names them (index.ts). Its tests may drive a mode.',
      { path: '^store/', pathNot: '^store/(replication/|e2e/)|[.]test[.]ts$' },
      { path: '^store/replication/(?!(mode|index)[.]ts$)' },
    ),
    rule(
      'store-imports-nothing-of-the-harness',
      'The store is a program of its own. Its end-to-end tables (store/e2e/) drive the CLI binary as a user does and may share its test helpers.',
      { path: '^store/', pathNot: '^store/e2e/' },
      {
        path: '^(harness|checkers|workloads|nemesis|systems|reports|local|sim|docker|external|kit|bench)/',
      },
    ),
    rule(
      'a-backend-imports-no-other',
      'local, sim, docker and external are siblings; what they share lives in kit/.',
      { path: '^(local|sim|docker|external)/' },
      { path: '^(local|sim|docker|external)/', pathNot: '^$1/' },
    ),
    rule(
      'kit-imports-no-backend-or-system',
      'kit/ is what every backend shares; what differs per system is injected (a launcher, a clock poster).',
      { path: '^kit/' },
      { path: '^(local|sim|docker|external|systems)/' },
    ),
    rule(
      'workloads-import-no-system',
      'A workload is written once and runs on any system through the SystemTarget contract.',
      { path: '^workloads/' },
      { path: '^systems/' },
    ),
    rule(
      'nemesis-knows-no-backend',
      "Faults are expressed against the Cluster contract; which backend delivers them is not the nemesis's business.",
      { path: '^nemesis/' },
      { path: '^(local|sim|docker|external|kit)/' },
    ),
    rule(
      'a-system-reaches-into-no-other',
      'systems/<name>/ is one system; what systems share sits directly in systems/.',
      { path: '^systems/([^/]+)/' },
      { path: '^systems/[^/]+/', pathNot: '^systems/($1|testing)/' },
    ),
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    exclude: { path: '^(node_modules|runs|tmp|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
