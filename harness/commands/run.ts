// `splitbrain run`: options, then the run lifecycle, then reports and the exit code.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { renderTerminal } from '../../reports/terminal.ts';
import { writeReports } from '../../reports/write.ts';
import { READ_POLICIES } from '../../workloads/read-policy.ts';
import { lookupCheckers } from '../check.ts';
import { executeRun } from '../execute.ts';
import { DEFAULTS, UsageError, resolveRunConfig, type RunConfig } from '../config.ts';
import { CONFIG_FILE } from '../rundir.ts';
import { validateSystemChoices } from '../systems.ts';
import { targetRunOptions } from '../target-options.ts';

export function runOptions<T>(y: Argv<T>) {
  return targetRunOptions(y)
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
      describe: 'where nodes run: local (OS processes), docker (containers)',
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
      describe: `where reads go: ${READ_POLICIES.join(', ')}`,
    })
    .option('nemesis', {
      type: 'string',
      default: DEFAULTS.nemesis,
      describe: 'comma-separated faults: partition, kill, pause (none: no faults)',
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
    .option('failover-timeout-ms', {
      type: 'number',
      describe: 'store: heartbeat timeout before an election',
    })
    .option('unsafe-failover', {
      type: 'boolean',
      describe: 'store: no majority rule, no fencing (split brain possible)',
    });
}

function validateChoices(config: RunConfig): void {
  if (validateSystemChoices(config)) {
    lookupCheckers(config.checkers);
    return;
  }
  if (!(READ_POLICIES as readonly string[]).includes(config.readFrom)) {
    throw new UsageError(
      `--read-from must be one of ${READ_POLICIES.join(', ')}, got ${JSON.stringify(config.readFrom)}`,
    );
  }
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
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const outcome = await executeRun(config, { log, signal: abort.signal });
    writeReports(outcome.runDir);
    const stored = JSON.parse(readFileSync(join(outcome.runDir, CONFIG_FILE), 'utf8'));
    process.stdout.write(renderTerminal({ config: stored, results: outcome.results }) + '\n');
    log(`report: ${join(outcome.runDir, 'report.html')}`);
    if (outcome.exitCode !== 0)
      log(`seed ${config.seed} reproduces this run (exit ${outcome.exitCode})`);
    process.exitCode = outcome.exitCode;
  } catch (err) {
    process.stderr.write(`seed ${config.seed}\n`);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
