import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { tarHeader, tarStream, type TarEntry } from './tar.ts';

const dir = mkdtempSync(join(tmpdir(), 'splitbrain-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tar writer', () => {
  const host = join(dir, 'host.bin');
  writeFileSync(host, Buffer.alloc(1500, 7));
  const long = `/deep/${'d'.repeat(90)}/${'f'.repeat(60)}.txt`;
  const entries: TarEntry[] = [
    { kind: 'dir', path: '/app', mode: 0o755 },
    { kind: 'dir', path: '/tmp', mode: 0o1777 },
    { kind: 'file', path: '/app/x.mjs', mode: 0o644, sizeBytes: 5, source: Buffer.from('hello') },
    { kind: 'file', path: '/usr/bin/node', mode: 0o755, sizeBytes: 1500, source: host },
    { kind: 'file', path: long, mode: 0o644, sizeBytes: 2, source: Buffer.from('ok') },
  ];

  it('writes an archive GNU tar lists and extracts byte for byte', async () => {
    const bytes = await buffer(tarStream(entries));
    expect(bytes.length % 512).toBe(0);
    const archive = join(dir, 'a.tar');
    writeFileSync(archive, bytes);
    const list = await execa('tar', ['-tvf', archive]);
    expect(list.stdout).toMatch(/drwxrwxrwt .* tmp\//);
    expect(list.stdout).toContain('usr/bin/node');
    expect(list.stdout).toContain(long.slice(1));
    const out = join(dir, 'x');
    await execa('mkdir', ['-p', out]);
    await execa('tar', ['-xf', archive, '-C', out]);
    expect(readFileSync(join(out, 'app/x.mjs'), 'utf8')).toBe('hello');
    expect(readFileSync(join(out, 'usr/bin/node'))).toEqual(readFileSync(host));
    expect(readFileSync(join(out, long), 'utf8')).toBe('ok');
  });

  it('gives the same bytes for the same entries (mtime, uid, gid are 0)', async () => {
    const a = await buffer(tarStream(entries));
    const b = await buffer(tarStream(entries));
    expect(a.equals(b)).toBe(true);
  });

  it('fails loudly when a file changes size while archived', async () => {
    const wrong: TarEntry = { kind: 'file', path: '/f', mode: 0o644, sizeBytes: 3, source: host };
    await expect(buffer(tarStream([wrong]))).rejects.toThrow(/expected 3 bytes, read 1500/);
  });

  it('rejects a path ustar cannot hold', () => {
    const path = '/' + 'x'.repeat(300);
    expect(() => tarHeader({ kind: 'dir', path, mode: 0o755 })).toThrow(/too long/);
  });
});
