// The shape of the code (docs/architecture.md, "Folders"), checked in the
// lint step: each rule names the folder it guards and why.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'Arrows run one way: a cycle means two files are one idea, or a contract is in the wrong place.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing-of-ours',
      comment: 'core/ holds the contracts every part shares; it depends on no part.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(?!core/)', pathNot: '^node_modules/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'checkers-import-only-core',
      comment: 'Checkers are pure functions of a history: no harness, no cluster, no system.',
      severity: 'error',
      from: { path: '^checkers/' },
      to: { path: '^(?!checkers/|core/)', pathNot: '^node_modules/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'store-core-imports-no-replication-mode',
      comment:
        'The store core (node, ports, HTTP API, transport, storage) knows no mode; modes plug in below store/replication/.',
      severity: 'error',
      from: { path: '^store/', pathNot: '^store/replication/' },
      to: { path: '^store/replication/' },
    },
    {
      name: 'store-imports-nothing-of-the-harness',
      comment:
        'The store is a program of its own. Its end-to-end tables (store/e2e/) drive the CLI binary as a user does and may share its test helpers.',
      severity: 'error',
      from: { path: '^store/', pathNot: '^store/e2e/' },
      to: {
        path: '^(harness|checkers|workloads|nemesis|systems|reports|local|sim|docker|external|kit|bench)/',
      },
    },
    {
      name: 'a-backend-imports-no-other',
      comment: 'local, sim, docker and external are siblings; what they share lives in kit/.',
      severity: 'error',
      from: { path: '^(local|sim|docker|external)/' },
      to: { path: '^(local|sim|docker|external)/', pathNot: '^$1/' },
    },
    {
      name: 'kit-imports-no-backend-or-system',
      comment:
        'kit/ is what every backend shares; what differs per system is injected (a launcher, a clock poster).',
      severity: 'error',
      from: { path: '^kit/' },
      to: { path: '^(local|sim|docker|external|systems)/' },
    },
    {
      name: 'workloads-import-no-system',
      comment:
        'A workload is written once and runs on any system through the SystemTarget contract.',
      severity: 'error',
      from: { path: '^workloads/' },
      to: { path: '^systems/' },
    },
    {
      name: 'nemesis-knows-no-backend',
      comment:
        "Faults are expressed against the Cluster contract; which backend delivers them is not the nemesis's business.",
      severity: 'error',
      from: { path: '^nemesis/' },
      to: { path: '^(local|sim|docker|external|kit)/' },
    },
    {
      name: 'a-system-reaches-into-no-other',
      comment: 'systems/<name>/ is one system; what systems share sits directly in systems/.',
      severity: 'error',
      from: { path: '^systems/([^/]+)/' },
      to: { path: '^systems/[^/]+/', pathNot: '^systems/($1|testing)/' },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    exclude: { path: '^(node_modules|runs|tmp|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
