// Every mode's deliberate bugs in one list (store/replication/bugs.ts): what
// `splitbrain run --bug` and the matrix's --detect accept, and which mode
// each belongs to.
import { BUGS as LEADERLESS } from './leaderless/bugs.ts';
import { BUGS as MULTI_LEADER } from './multi-leader/bugs.ts';
import { BUGS as SINGLE_LEADER } from './single-leader/bugs.ts';

export interface BugInfo {
  /** The --mode whose nodes take it. */
  readonly mode: string;
  /** What it breaks, in one sentence. */
  readonly description: string;
}

const entries = (mode: string, bugs: Readonly<Record<string, string>>): [string, BugInfo][] =>
  Object.entries(bugs).map(([name, description]) => [name, { mode, description }]);

export const BUG_CATALOG: ReadonlyMap<string, BugInfo> = new Map([
  ...entries('single-leader', SINGLE_LEADER),
  ...entries('multi-leader', MULTI_LEADER),
  ...entries('leaderless', LEADERLESS),
]);

export const BUG_NAMES: readonly string[] = [...BUG_CATALOG.keys()];

/** The bugs of one mode, in catalog order. */
export function bugsOf(mode: string): string[] {
  return BUG_NAMES.filter((b) => BUG_CATALOG.get(b)!.mode === mode);
}
