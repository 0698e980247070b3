// The replication modes the matrix crosses, one entry each (grid.ts, ModeGrid).
import type { ModeGrid } from './grid.ts';
import { deposedLeaderGrid } from './theory-deposed.ts';
import { leaderlessGrid } from './theory-leaderless.ts';
import { multiLeaderGrid } from './theory-multi-leader.ts';
import { singleLeaderGrid } from './theory-single-leader.ts';

// Two grids may share a mode (each its own workload and columns): --modes picks both.
export const MATRIX_MODES: readonly ModeGrid[] = [
  singleLeaderGrid,
  deposedLeaderGrid,
  multiLeaderGrid,
  leaderlessGrid,
];

/** Each --mode the grids run, once. */
export const MATRIX_MODE_NAMES: readonly string[] = [...new Set(MATRIX_MODES.map((m) => m.mode))];
