// A file the command could not read or write, said in words with its path
// and what to do, instead of Node's "ENOENT: no such file or directory, open".

interface IoError extends Error {
  readonly code: string;
  readonly path: string;
  readonly syscall?: string;
}

const REASONS: Readonly<Record<string, { what: string; fix: string }>> = {
  ENOENT: { what: 'does not exist', fix: 'check the path, or create its folder first' },
  EACCES: { what: 'is not permitted', fix: 'choose a path you may use, or fix its permissions' },
  EPERM: { what: 'is not permitted', fix: 'choose a path you may use, or fix its permissions' },
  EROFS: { what: 'is on a read-only file system', fix: 'choose a writable place' },
  EISDIR: { what: 'is a folder, not a file', fix: 'give a file path' },
  ENOTDIR: { what: 'has a file where a folder should be', fix: 'give a path through folders' },
  EEXIST: { what: 'already exists', fix: 'remove it or choose another path' },
  ENOSPC: { what: 'cannot be written: the disk is full', fix: 'free space or choose another disk' },
};

export function isIoError(err: unknown): err is IoError {
  if (!(err instanceof Error)) return false;
  const e = err as Partial<IoError>;
  return typeof e.code === 'string' && typeof e.path === 'string' && e.code in REASONS;
}

const VERBS: Readonly<Record<string, string>> = {
  open: 'opening',
  read: 'reading',
  write: 'writing',
  mkdir: 'creating the folder',
  scandir: 'listing',
  rename: 'renaming',
  symlink: 'linking',
  unlink: 'removing',
  stat: 'reading',
};

/** "opening runs/x/history.jsonl: it does not exist; check the path, ..." */
export function ioErrorText(err: IoError): string {
  const r = REASONS[err.code]!;
  const verb = VERBS[err.syscall ?? ''] ?? 'using';
  return `${verb} ${err.path}: it ${r.what} (${err.code}); ${r.fix}`;
}
