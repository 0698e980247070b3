// The page-cache state of one file, from the kernel (page-cache.py, cachestat
// on Linux 6.5+): dirty pages are written but not yet on the disk, so they
// are exactly what a power loss would take. Tests use it to see fsync happen.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SCRIPT = path.join(import.meta.dirname, 'page-cache.py');

export interface PageCache {
  readonly cached: number;
  readonly dirty: number;
  readonly writeback: number;
}

export function pageCache(file: string): PageCache {
  return JSON.parse(execFileSync('python3', [SCRIPT, file], { encoding: 'utf8' })) as PageCache;
}

/**
 * Why the page cache of files in `dir` cannot show fsync here (no python3, a
 * kernel without cachestat, a file system that never writes back such as
 * tmpfs), or null: a fresh write must leave a dirty page and fsync clean it.
 */
export function pageCacheUnavailable(dir: string): string | null {
  const probe = path.join(dir, `page-cache-probe-${process.pid}`);
  try {
    const fd = fs.openSync(probe, 'w');
    fs.writeSync(fd, 'x');
    const written = pageCache(probe);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    const synced = pageCache(probe);
    if (written.dirty === 0 || synced.dirty + synced.writeback > 0)
      return `${dir}: a write left ${written.dirty} dirty pages and fsync ${synced.dirty + synced.writeback}; this file system does not show writeback`;
    return null;
  } catch (err) {
    return `cannot read the page cache here: ${(err as Error).message}`;
  } finally {
    fs.rmSync(probe, { force: true });
  }
}
