// Flag values in the repeat command must survive a POSIX shell as they are:
// a node list or a path holding $(...), `;` or backticks pasted into a
// terminal must reach splitbrain as text, never run.

/** The value as one shell word: plain when it holds only safe characters, else single-quoted. */
export function shellWord(v: string): string {
  return /^[A-Za-z0-9_.,:/=@+-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** Words joined into one command line a POSIX shell splits back into exactly these words. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellWord).join(' ');
}
