// The summary printed at the end of a run: one line per checker, the first
// anomalies, and the seed + command that repeat the run. Returns a string so
// the caller owns stdout.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Validity } from '../checkers/checker.ts';
import { fmtCount, fmtDurationNs } from './format.ts';
import {
  anomalyCount,
  anomalyCountText,
  checkerEntries,
  configWarnings,
  verdictWord,
  type ReportInput,
} from './types.ts';

export interface TerminalOptions {
  /** Force colour on or off; by default decided from NO_COLOR and whether the output is a TTY. */
  readonly color?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly isTTY?: boolean;
  /** How many anomaly explanations to show per checker. */
  readonly maxExplanations?: number;
}

/** https://no-color.org: a non-empty NO_COLOR disables colour; so does a pipe or a dumb terminal. */
export function wantsColor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean) {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

function verdictStyle(c: ChalkInstance, v: Validity): (s: string) => string {
  return v === true ? c.green : v === false ? c.red.bold : c.yellow;
}

const MARK: Record<string, string> = { valid: '✓', INVALID: '✗', unknown: '?' };

export function renderTerminal(
  input: Pick<ReportInput, 'config' | 'results'>,
  opts: TerminalOptions = {},
): string {
  const { config, results } = input;
  const color =
    opts.color ?? wantsColor(opts.env ?? process.env, opts.isTTY ?? Boolean(process.stdout.isTTY));
  const c = new Chalk({ level: color ? 1 : 0 });
  const maxExplanations = opts.maxExplanations ?? 3;
  const entries = checkerEntries(results);
  const width = Math.max(8, ...entries.map(([id]) => id.length));
  const lines: string[] = [];

  const head = [c.bold(oneLine(`splitbrain ${config.test ?? ''}`.trim()))];
  if (config.seed !== undefined) head.push(`seed ${config.seed}`);
  if (typeof config.durationS === 'number') head.push(fmtDurationNs(config.durationS * 1e9));
  lines.push(head.join('  '));
  for (const w of configWarnings(config)) lines.push(c.yellow(`  WARNING: ${oneLine(w)}`));

  for (const [id, r] of entries) {
    const word = verdictWord(r.valid);
    const style = verdictStyle(c, r.valid);
    const count = anomalyCount(r).total;
    const countText = anomalyCountText(r);
    let line = `  ${style(MARK[word]!)} ${oneLine(id).padEnd(width)}  ${style(word.padEnd(7))}  ${countText}`;
    if (r.error) line += c.dim(`  (${oneLine(r.error)})`);
    lines.push(line);
    for (const a of (r.anomalies ?? []).slice(0, maxExplanations)) {
      lines.push(`      ${c.dim(`${oneLine(a.kind)}:`)} ${oneLine(a.explanation)}`);
    }
    const shown = Math.min(r.anomalies?.length ?? 0, maxExplanations);
    if (count > shown) lines.push(c.dim(`      … and ${count - shown} more`));
  }
  if (entries.length === 0) lines.push(c.yellow('  no checker results'));

  const total = entries.reduce((n, [, r]) => n + anomalyCount(r).total, 0);
  const summary =
    results.valid === true
      ? 'valid: every checker passed'
      : results.valid === false
        ? `INVALID: ${fmtCount(total, 'anomaly', 'anomalies')}`
        : 'unknown: a checker could not decide (never counts as valid)';
  lines.push(verdictStyle(c, results.valid)(c.bold(summary)));
  if (config.seed !== undefined) lines.push(`seed ${config.seed}`);
  if (config.command) lines.push(`repeat: ${oneLine(config.command)}`);
  return lines.join('\n') + '\n';
}

/**
 * Explanations quote history values, which are untrusted: a stray newline
 * would break the layout and an escape sequence could rewrite the terminal.
 */
function oneLine(s: string): string {
  return String(s)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\p{Cc}/gu, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
