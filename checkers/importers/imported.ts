// What an importer gives back: our ops, the source line of each (so bad input
// names the line of the file the user has), and what it tolerated.
import type { Op } from '../../core/history.ts';

export interface Imported {
  readonly ops: Op[];
  /** The 1-based source line each op came from. */
  readonly lines: number[];
  /** Things left out or read leniently, each one sentence. */
  readonly notes: string[];
}
