// Durable storage as one JSON-lines file per node. writeSync hands a record
// to the kernel: a SIGKILL keeps the page cache, so a record survives a
// process crash. Only sync (fsync) puts it on the disk, so that it survives
// a power cut too; under --fsync always the node calls it once per
// event-loop turn that appended records (group commit, durability.ts), and
// the records of that turn wait in the process (appendBeforeSync) to reach
// the kernel in one write just before that fsync: one write syscall per
// turn, not one per record.
// Records are the replication mode's JSON; it validates them when it starts.
import fs from 'node:fs';
import path from 'node:path';
import type { Storage } from './ports.ts';

export class FileStorage implements Storage {
  readonly file: string;
  private fd: number | null = null;
  /** Lines dropped at load: a torn last line after a crash. */
  tornLines = 0;
  /** Records kept for the next sync (appendBeforeSync), as JSON lines. */
  private pending = '';

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'data.jsonl');
  }

  load(): unknown[] {
    const text = fs.existsSync(this.file) ? fs.readFileSync(this.file, 'utf8') : '';
    const lines = text.split('\n');
    // The piece after the last newline was being written when the node died.
    const fragment = lines.pop() ?? '';
    if (fragment !== '') this.tornLines++;
    const records: unknown[] = [];
    let goodBytes = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const rec = line === '' ? undefined : parse(line);
      if (rec === undefined) {
        // Only the final line can be torn; anything earlier unreadable means
        // the file is damaged and guessing would lose or invent data.
        if (i === lines.length - 1 && fragment === '') {
          this.tornLines++;
          break;
        }
        throw new Error(
          `${this.file}: line ${i + 1} is not a JSON record; the data file is damaged (move it away to start this node empty)`,
        );
      }
      records.push(rec);
      goodBytes += Buffer.byteLength(line) + 1;
    }
    if (this.tornLines > 0) fs.truncateSync(this.file, goodBytes);
    this.fd = fs.openSync(this.file, 'a');
    return records;
  }

  append(record: unknown): void {
    this.pending += JSON.stringify(record) + '\n';
    this.writePending();
  }

  appendBeforeSync(record: unknown): void {
    // Serialized now: the mode may change the object after persisting it.
    this.pending += JSON.stringify(record) + '\n';
  }

  sync(): void {
    this.writePending();
    if (this.fd !== null) fs.fsyncSync(this.fd);
  }

  /** What waits is written (not synced), as it was before a clean stop. */
  close(): void {
    this.writePending();
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private writePending(): void {
    if (this.pending === '') return;
    if (this.fd === null) this.fd = fs.openSync(this.file, 'a');
    const text = this.pending;
    this.pending = '';
    fs.writeSync(this.fd, text);
  }
}

/** The line's JSON object, or undefined for anything else (a torn or damaged line). */
function parse(line: string): unknown {
  try {
    const x: unknown = JSON.parse(line);
    return typeof x === 'object' && x !== null && !Array.isArray(x) ? x : undefined;
  } catch {
    return undefined;
  }
}
