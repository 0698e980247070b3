// A minimal streaming ustar writer: enough to turn files on this machine into
// an image root for `docker import`, with no tar binary and no temp archive.
// Every mtime, uid and gid is 0 so the same inputs give the same bytes.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

const BLOCK_BYTES = 512;

export type TarEntry =
  | { readonly kind: 'dir'; readonly path: string; readonly mode: number }
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly mode: number;
      readonly sizeBytes: number;
      /** Absolute host file to copy (symlinks followed), or the content itself. */
      readonly source: string | Buffer;
    };

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

/** ustar keeps a path in a 100-byte name plus a 155-byte prefix split at a slash. */
function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`tar: path too long for ustar (${path.length} chars): ${path}`);
}

export function tarHeader(entry: TarEntry): Buffer {
  const h = Buffer.alloc(BLOCK_BYTES, 0);
  const rel = entry.path.replace(/^\/+/, '') + (entry.kind === 'dir' ? '/' : '');
  const { name, prefix } = splitPath(rel);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(entry.mode, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii');
  h.write(octal(0, 8), 116, 8, 'ascii');
  h.write(octal(entry.kind === 'file' ? entry.sizeBytes : 0, 12), 124, 12, 'ascii');
  h.write(octal(0, 12), 136, 12, 'ascii');
  h.write(entry.kind === 'file' ? '0' : '5', 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  // The checksum is computed with its own field read as eight spaces.
  h.fill(' ', 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
  return h;
}

function padding(sizeBytes: number): Buffer {
  const rest = sizeBytes % BLOCK_BYTES;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK_BYTES - rest, 0);
}

async function* chunks(entries: readonly TarEntry[]): AsyncGenerator<Buffer> {
  for (const e of entries) {
    yield tarHeader(e);
    if (e.kind !== 'file') continue;
    let copied = 0;
    if (typeof e.source === 'string') {
      for await (const c of createReadStream(e.source)) {
        copied += (c as Buffer).length;
        yield c as Buffer;
      }
    } else {
      copied = e.source.length;
      yield e.source;
    }
    if (copied !== e.sizeBytes)
      throw new Error(
        `tar: ${e.path} changed while archiving: expected ${e.sizeBytes} bytes, read ${copied}`,
      );
    yield padding(copied);
  }
  yield Buffer.alloc(2 * BLOCK_BYTES, 0);
}

/** A tar stream of the entries, in the order given (parents before children). */
export function tarStream(entries: readonly TarEntry[]): Readable {
  return Readable.from(chunks(entries), { objectMode: false });
}
