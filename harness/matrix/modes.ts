// The replication modes the matrix crosses, one entry each (grid.ts, ModeGrid).
import type { ModeGrid } from './grid.ts';
import { leaderlessGrid } from './theory-leaderless.ts';
import { multiLeaderGrid } from './theory-multi-leader.ts';
import { singleLeaderGrid } from './theory-single-leader.ts';

export const MATRIX_MODES: readonly ModeGrid[] = [
  singleLeaderGrid,
  multiLeaderGrid,
  leaderlessGrid,
];
