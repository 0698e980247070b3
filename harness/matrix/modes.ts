// The replication modes the matrix crosses, one entry each (grid.ts, ModeGrid).
import type { ModeGrid } from './grid.ts';
import { singleLeaderGrid } from './theory-single-leader.ts';

export const MATRIX_MODES: readonly ModeGrid[] = [singleLeaderGrid];
