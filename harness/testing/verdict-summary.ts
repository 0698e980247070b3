// What a failed end-to-end assertion should show: the verdict lines of a
// `splitbrain run`, each anomaly's explanation under them (the indented lines),
// and the seed, so a CI failure can be read and repeated without the run dir.
export function verdictSummary(stdout: string): string {
  return stdout
    .split('\n')
    .filter((l) => /valid|INVALID|fault |^seed |^repeat/.test(l) || /^ {6}\S/.test(l))
    .join('\n');
}
