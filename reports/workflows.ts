// Checks the CI workflows before they land: GitHub's own workflow parser
// (@actions/workflow-parser, the one behind the Actions editor support) for
// syntax, schema, expressions and cron; then our rule for the nightly matrix,
// that every row runs every checker that applies to it.
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';
import { parse as parseYaml } from 'yaml';
import { checkerIds } from '../checkers/registry.ts';

/** Errors GitHub would report for this workflow text, each naming the line; empty when it is sound. */
export async function workflowErrors(name: string, text: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content: text }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value === undefined) return errors.length ? errors : [`${name}: not a workflow`];
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  for (const e of template.errors ?? []) if (!errors.includes(e.Message)) errors.push(e.Message);
  return errors;
}

/**
 * Checkers that cannot judge a kv history (another model), or repeat others:
 * every other checker in the registry applies to every nightly row.
 */
export const NOT_FOR_KV: Readonly<Record<string, string>> = {
  causal: 'read-your-writes, monotonic-reads and consistent-prefix together; the rows run those',
  'linearizable-register': 'the register workload (read/write/cas of one value)',
  'linearizable-string-kv': "Porcupine's kv, where keys start as the empty string",
  'linearizable-cas-register': "Knossos's cas-register histories (read, write, cas [from to])",
  'linearizable-multi-register': "Knossos's multi-register transactions",
  'linearizable-mutex': 'acquire and release of a lock',
  'run-health': 'every run adds it whatever --checkers says',
};

/** Checkers that apply only to some rows, with the rule that says which. */
export const APPLIES_WHEN: Readonly<
  Record<string, { why: string; test: (args: string) => boolean }>
> = {
  'linearizable-kv': {
    why: 'leader reads (a read index on the one leader) promise linearizability; replica reads do not',
    test: (args) => /--read-from[ =]leader(\s|$)/.test(args),
  },
};

export interface NightlyRow {
  readonly name: string;
  readonly args: string;
  readonly checkers: readonly string[];
  readonly expect: string;
}

/** The matrix.include rows of nightly.yml. Throws naming what is missing. */
export function nightlyRows(text: string): NightlyRow[] {
  const doc = parseYaml(text) as {
    jobs?: Record<string, { strategy?: { matrix?: { include?: unknown[] } } }>;
  };
  const rows: NightlyRow[] = [];
  for (const job of Object.values(doc.jobs ?? {})) {
    for (const raw of job.strategy?.matrix?.include ?? []) {
      const r = raw as Record<string, unknown>;
      if (typeof r.name !== 'string' || typeof r.args !== 'string')
        throw new Error(`nightly.yml: a matrix row lacks name or args: ${JSON.stringify(r)}`);
      const checkers =
        typeof r.checkers === 'string' ? r.checkers.split(',').map((c) => c.trim()) : [];
      rows.push({ name: r.name, args: r.args, checkers, expect: String(r.expect ?? '') });
    }
  }
  return rows;
}

/** Every checker that applies to a row with these `splitbrain run` args. */
export function applicableCheckers(args: string): string[] {
  return checkerIds().filter((id) => !(id in NOT_FOR_KV) && (APPLIES_WHEN[id]?.test(args) ?? true));
}

/** Rows that leave out a checker that applies to them, or name one that does not exist. */
export function nightlyCoverageErrors(text: string): string[] {
  const known = new Set(checkerIds());
  const errors: string[] = [];
  const rows = nightlyRows(text);
  if (rows.length === 0) errors.push('nightly.yml: no matrix.include rows found');
  for (const row of rows) {
    const unknown = row.checkers.filter((c) => !known.has(c));
    if (unknown.length)
      errors.push(`nightly.yml row ${row.name}: unknown checkers ${unknown.join(', ')}`);
    const missing = applicableCheckers(row.args).filter((c) => !row.checkers.includes(c));
    if (missing.length)
      errors.push(
        `nightly.yml row ${row.name}: checkers ${missing.join(', ')} apply but are not run; add them to its "checkers" (or, if one cannot judge this row, say why in NOT_FOR_KV or APPLIES_WHEN in reports/workflows.ts)`,
      );
    if (!['valid', 'anomaly'].includes(row.expect))
      errors.push(
        `nightly.yml row ${row.name}: expect must be valid or anomaly, got "${row.expect}"`,
      );
  }
  return errors;
}
