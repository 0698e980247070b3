// Errors a nemesis raises before or during a run; each names what was wrong
// and what would have been accepted.

export class NemesisOpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NemesisOpError';
  }
}

/** An op name no nemesis in the composition handles. */
export function unknownF(f: string, fs: readonly string[]): NemesisOpError {
  return new NemesisOpError(`no nemesis handles f ${JSON.stringify(f)}; known: ${fs.join(', ')}`);
}

/** Wall-clock delay for restarts and strobes; real time is the point there. */
export type SleepMs = (ms: number) => Promise<void>;

export const realSleepMs: SleepMs = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
