// The replication modes a store node can run (--mode), one line each. Adding
// a mode: a folder beside single-leader/ whose index.ts exports defineMode(...),
// and its line here (see store/README.md, "Replication modes").
import type { Mode } from './mode.ts';
import { multiLeader } from './multi-leader/index.ts';
import { singleLeader } from './single-leader/index.ts';
import { leaderless } from './leaderless/index.ts';

export const MODES: readonly Mode[] = [singleLeader, multiLeader, leaderless];

export const DEFAULT_MODE = 'single-leader';

export const MODE_NAMES: readonly string[] = MODES.map((m) => m.name);
