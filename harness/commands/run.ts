// `splitbrain run`: options, then the run lifecycle, then reports and the exit code.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { renderTerminal } from '../../reports/terminal.ts';
import { writeReports } from '../../reports/write.ts';
import { READ_POLICY_HELP } from '../../systems/store/read-policy.ts';
import { lookupCheckers } from '../check.ts';
import { executeRun } from '../execute.ts';
import type { RunOutcome } from '../run.ts';
import type { Op } from '../../core/history.ts';
import { createProgress } from '../../reports/progress.ts';
import { CLOCK_VIA, DEFAULTS, resolveRunConfig, type RunConfig } from '../config.ts';
import { NEMESIS_FLAGS } from '../../nemesis/options.ts';
import { FAULT_KINDS } from '../../nemesis/capabilities.ts';
import { CONFIG_FILE } from '../rundir.ts';
import { validateSystemChoices } from '../systems.ts';
import { targetRunOptions } from '../target-options.ts';
import { backendHelp } from '../backends.ts';

export function runOptions<T>(y: Argv<T>) {
  let out = targetRunOptions(y);
  for (const f of NEMESIS_FLAGS) out = out.option(f.name, { type: f.type, describe: f.describe });
  return out
    .option('clock-via', {
      type: 'string',
      default: DEFAULTS.clockVia,
      describe: `how clock faults reach a local node: ${CLOCK_VIA.join(', ')} (auto: libfaketime when installed, else the store's own offset)`,
    })
    .option('test', {
      type: 'string',
      describe: 'test name; names the run folder [default: kv-<read-from>]',
    })
    .option('seed', {
      type: 'number',
      describe: 'seed for every random choice [default: random, printed]',
    })
    .option('workload', { type: 'string', default: DEFAULTS.workload, describe: 'workload: kv' })
    .option('backend', {
      type: 'string',
      default: DEFAULTS.backend,
      describe: `where nodes run: ${backendHelp()}`,
    })
    .option('nodes', {
      type: 'string',
      default: DEFAULTS.nodes,
      describe: 'cluster size; with --backend external the nodes, host:port,... (primary first)',
    })
    .option('concurrency', {
      type: 'number',
      default: DEFAULTS.concurrency,
      describe: 'client sessions (processes) at once',
    })
    .option('rate', {
      type: 'number',
      default: DEFAULTS.rate,
      describe: 'client ops per second, all sessions together',
    })
    .option('time-limit', {
      type: 'number',
      default: DEFAULTS.timeLimitS,
      describe: 'seconds of load and faults before healing',
    })
    .option('read-from', {
      type: 'string',
      default: DEFAULTS.readFrom,
      describe: `where reads go (store): ${READ_POLICY_HELP}; --system targets offer their own`,
    })
    .option('leader-window-ms', {
      type: 'number',
      default: DEFAULTS.leaderWindowMs,
      describe:
        'with --read-from leader-window: ms after a session writes that its reads go to the leader',
    })
    .option('nemesis', {
      type: 'string',
      default: DEFAULTS.nemesis,
      describe: `comma-separated faults: ${FAULT_KINDS.join(', ')} (none: no faults)`,
    })
    .option('nemesis-interval', {
      type: 'number',
      default: DEFAULTS.nemesisIntervalS,
      describe: 'seconds between fault changes',
    })
    .option('nemesis-schedule', {
      type: 'string',
      describe: 'JSON file of timed fault ops to replay instead of a random schedule',
    })
    .option('checkers', {
      type: 'string',
      describe: "comma-separated checker ids [default: the workload's]",
    })
    .option('check-timeout-ms', {
      type: 'number',
      describe: 'wall-clock ms each checker may take; past it its verdict is unknown (exit 2)',
    })
    .option('check-memory-mb', {
      type: 'number',
      describe:
        'MiB each checker may hold (the linearizability memo, a heap guard); past it unknown',
    })
    .option('op-timeout-ms', {
      type: 'number',
      default: DEFAULTS.opTimeoutMs,
      describe: 'an op still running after this is recorded as info',
    })
    .option('quiesce-timeout-ms', {
      type: 'number',
      default: DEFAULTS.quiesceTimeoutMs,
      describe: 'bound on waiting for replicas to catch up before final reads',
    })
    .option('out', {
      type: 'string',
      default: DEFAULTS.out,
      describe: 'folder for run directories',
    })
    .option('replication', {
      type: 'string',
      default: DEFAULTS.replication,
      describe: 'store replication: async, sync, semi-sync',
    })
    .option('sync-followers', {
      type: 'number',
      describe: 'semi-sync: followers the leader waits for',
    })
    .option('shards', { type: 'number', describe: 'store shards, each with its own leader' })
    .option('log-format', { type: 'string', describe: 'store replication log: row or statement' })
    .option('kv-values', {
      type: 'string',
      describe:
        'store kv writes: plain (the version) or statement (version + now() + rand()); default statement with --log-format statement',
    })
    .option('apply-delay-ms', {
      type: 'string',
      describe: 'store: delayed replicas apply entries this late: <ms> or per node n3=800,n2=200',
    })
    .option('failover-timeout-ms', {
      type: 'number',
      describe: 'store: heartbeat timeout before an election',
    })
    .option('quiet', {
      type: 'boolean',
      default: false,
      describe: 'print only the verdict summary (no progress, no step lines)',
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'print one JSON object (run directory, seed, verdicts) and nothing else on stdout',
    })
    .option('unsafe-failover', {
      type: 'boolean',
      describe: 'store: no majority rule, no fencing (split brain possible)',
    });
}

function validateChoices(config: RunConfig): void {
  validateSystemChoices(config);
  lookupCheckers(config.checkers);
}

export async function runRunCommand(args: Record<string, unknown>): Promise<void> {
  const config = resolveRunConfig(args, randomInt(0, 0xffff_ffff));
  validateChoices(config);
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write('\ninterrupted: stopping clients, healing, checking what was recorded\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const quiet = args.quiet === true || args.json === true;
  const log = quiet ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
  const progress = quiet || config.backend === 'sim' ? null : startProgress(config);
  try {
    const outcome = await executeRun(config, {
      log,
      signal: abort.signal,
      ...(progress ? { onOp: progress.onOp } : {}),
    });
    progress?.stop();
    writeReports(outcome.runDir);
    if (args.json === true) {
      process.stdout.write(JSON.stringify(jsonSummary(config, outcome)) + '\n');
    } else {
      const stored = JSON.parse(readFileSync(join(outcome.runDir, CONFIG_FILE), 'utf8'));
      process.stdout.write(renderTerminal({ config: stored, results: outcome.results }) + '\n');
      log(`report: ${join(outcome.runDir, 'report.html')}`);
      if (outcome.exitCode !== 0)
        log(`seed ${config.seed} reproduces this run (exit ${outcome.exitCode})`);
    }
    process.exitCode = outcome.exitCode;
  } catch (err) {
    progress?.stop();
    process.stderr.write(`seed ${config.seed}\n`);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Ops done, faults active, time left: redrawn in place on a TTY, plain lines in CI. */
function startProgress(config: RunConfig) {
  const started = performance.now();
  const p = createProgress({
    write: (t) => process.stderr.write(t),
    nowMs: () => performance.now() - started,
    isTTY: Boolean(process.stderr.isTTY),
    timeLimitS: config.timeLimitS,
  });
  const timer = setInterval(() => p.tick(), 250);
  timer.unref();
  return {
    onOp: (op: Op) => p.onOp(op),
    stop: () => {
      clearInterval(timer);
      p.finish();
    },
  };
}

function jsonSummary(config: RunConfig, outcome: RunOutcome) {
  const checkers: Record<string, { valid: unknown; anomalies: number }> = {};
  for (const [id, r] of Object.entries(outcome.results)) {
    if (id === 'valid' || typeof r !== 'object' || r === null) continue;
    checkers[id] = { valid: r.valid, anomalies: r.anomalies.length };
  }
  return {
    runDir: outcome.runDir,
    seed: config.seed,
    valid: outcome.valid,
    exitCode: outcome.exitCode,
    checkers,
  };
}
