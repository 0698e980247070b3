// The names of a run directory's files (docs/architecture.md, "The run
// directory"): the contract between the run that writes them, the commands
// and reports that read them, and the backends that put node files there.

export const RUN_FILES = {
  /** Every resolved option, the seed, versions, the repeat command. */
  config: 'config.json',
  /** The history, one op per line, appended as ops happen. */
  history: 'history.jsonl',
  /** Checker verdicts, anomalies and stats. */
  results: 'results.json',
  /** The self-contained HTML report. */
  report: 'report.html',
  /** One JUnit test case per checker. */
  junit: 'junit.xml',
  /** The folder of every node's files: <id>.log, <id>/ (data), <id>.faketime. */
  nodes: 'nodes',
} as const;

/** The link to the newest run, beside the test folders. */
export const LATEST_LINK = 'latest';
