// Flag values in the repeat command must survive a POSIX shell as they are.

/** The value as one shell word: plain when it holds only safe characters, else single-quoted. */
export function shellWord(v: string): string {
  return /^[A-Za-z0-9_.,:/=@+-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
