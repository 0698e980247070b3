// junit.xml: one test case per checker, so CI systems show each guarantee as
// a test. An anomaly is a <failure>; an unknown verdict (budget, crash) is an
// <error>, since it is neither a pass nor a proven violation.
import { escapeXml } from './escape.ts';
import { anomalyCountsOf } from '../checkers/checker.ts';
import {
  anomalyCount,
  anomalyCountText,
  checkerEntries,
  kindsText,
  type ReportInput,
} from './types.ts';

/** Enough explanations to act on without making a CI page unreadable. */
const MAX_EXPLANATIONS = 50;

export function renderJunit(input: Pick<ReportInput, 'config' | 'results'>): string {
  const { config, results } = input;
  const entries = checkerEntries(results);
  const present = new Set(entries.map(([id]) => id));
  // config.json is hand-editable: only a list of ids names configured checkers.
  const configured = Array.isArray(config.checkers) ? config.checkers.map(String) : [];
  const missing = configured.filter((id) => !present.has(id));
  const suite = config.test ?? 'splitbrain';
  const timeS = typeof config.durationS === 'number' ? config.durationS : 0;
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;

  for (const [id, r] of entries) {
    const open = `    <testcase classname="${escapeXml(`splitbrain.${suite}`)}" name="${escapeXml(id)}" time="${caseTime(r.stats)}">`;
    const anomalies = r.anomalies ?? [];
    if (r.valid === true) {
      cases.push(`${open}</testcase>`);
    } else if (r.valid === false) {
      failures++;
      const kinds = kindsText(r);
      const body = anomalies
        .slice(0, MAX_EXPLANATIONS)
        .map((a) => `${a.kind}: ${a.explanation} (ops ${a.ops.join(', ')})`);
      const { total } = anomalyCount(r);
      const shown = Math.min(anomalies.length, MAX_EXPLANATIONS);
      if (total > shown)
        body.push(
          `… and ${(total - shown).toLocaleString('en-US')} more (${anomalies.length.toLocaleString('en-US')} listed in results.json)`,
        );
      const message = `${anomalyCountText(r)}: ${kinds || 'invalid'}`;
      cases.push(
        `${open}\n      <failure message="${escapeXml(message)}" type="${escapeXml(Object.keys(anomalyCountsOf(r)).join(', ') || 'anomaly')}">${escapeXml(body.join('\n'))}</failure>\n    </testcase>`,
      );
    } else {
      errors++;
      const message = `unknown: ${r.error ?? 'the checker could not decide'}`;
      cases.push(
        `${open}\n      <error message="${escapeXml(message)}" type="unknown">${escapeXml(message)}</error>\n    </testcase>`,
      );
    }
  }
  for (const id of missing) {
    cases.push(
      `    <testcase classname="${escapeXml(`splitbrain.${suite}`)}" name="${escapeXml(id)}" time="0">\n      <skipped message="configured, but no result in results.json"/>\n    </testcase>`,
    );
  }

  const counts = `tests="${entries.length + missing.length}" failures="${failures}" errors="${errors}" skipped="${missing.length}" time="${timeS}"`;
  const props = (
    [
      ['seed', config.seed],
      ['command', config.command],
      ['backend', config.backend],
      ['workload', config.workload],
      ['nemesis', Array.isArray(config.nemesis) ? config.nemesis.join(',') : config.nemesis],
    ] as const
  )
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `      <property name="${k}" value="${escapeXml(v)}"/>`);
  const stamp = config.startedAt ? ` timestamp="${escapeXml(config.startedAt)}"` : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="splitbrain" ${counts}>`,
    `  <testsuite name="${escapeXml(suite)}" ${counts}${stamp}>`,
    ...(props.length ? ['    <properties>', ...props, '    </properties>'] : []),
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Checkers may report their own run time in stats; JUnit wants seconds. */
function caseTime(stats: Readonly<Record<string, unknown>> | undefined): number {
  const ms = stats?.['durationMs'] ?? stats?.['timeMs'];
  return typeof ms === 'number' && Number.isFinite(ms) ? ms / 1000 : 0;
}
