import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import type { FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

/** Size and SHA-256 of bytes written or read. */
export interface Digest {
  sizeBytes: number;
  sha256: string;
}

/** A pass-through that hashes and counts what flows through it. */
export function createDigestStream(onBytes?: (total: number) => void): Transform & { digest(): Digest } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    highWaterMark: 1 << 20,
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      onBytes?.(size);
      callback(null, chunk);
    },
  });
  let result: Digest | undefined;
  return Object.assign(stream, {
    digest: () => (result ??= { sizeBytes: size, sha256: hash.digest('hex') }),
  });
}

/**
 * Hashes a file while another process writes it through `handle`'s file: reads what has
 * appeared (1 MiB at a time, from the page cache), waits briefly when it catches up, and finishes
 * once `writerDone` settles and the end is reached. Flushes to disk every 64 MiB on the way so
 * the final fsync is short. The bytes never pass through a pipe into Node, which on a busy
 * machine is what made a Node-in-the-middle pipeline slower than the tools alone.
 */
export async function followAndDigest(handle: FileHandle, writerDone: Promise<unknown>, onBytes?: (written: number) => void): Promise<Digest> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let position = 0;
  let finished = false;
  let lastFlush = 0;
  void writerDone.finally(() => {
    finished = true;
  });
  for (;;) {
    const wasFinished = finished;
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead > 0) {
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
      onBytes?.(position);
      if (position - lastFlush >= 64 * 1024 * 1024) {
        lastFlush = position;
        await handle.datasync();
      }
      continue;
    }
    // Only an empty read that began after the writer ended means the end of the file.
    if (wasFinished) break;
    await Promise.race([writerDone.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 15))]);
  }
  return { sizeBytes: position, sha256: hash.digest('hex') };
}

/** Fsyncs a file that something else wrote (a tool, SQLite's backup API). */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Renames a verified partial file to its final name and fsyncs the folder so the rename is durable. */
export async function commitFile(partialPath: string, finalPath: string): Promise<void> {
  await rename(partialPath, finalPath);
  await syncFolder(dirname(finalPath));
}

/** Writes a small file atomically (`.partial`, fsync, rename, fsync folder). */
export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const partial = `${path}.partial`;
  await rm(partial, { force: true });
  const handle = await open(partial, 'wx', 0o640);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await commitFile(partial, path);
}

/** Fsyncs a folder (its entries). */
export async function syncFolder(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Drops a file's pages from the page cache (posix_fadvise POSIX_FADV_DONTNEED, through coreutils
 * `dd iflag=nocache count=0`, which does exactly that and nothing else), so the next read comes
 * from the device. Only clean pages are dropped: call it after fsync. Returns false when dd is
 * missing or failed; the read then may come from the cache.
 *
 * Not through the backup runner: dd here reads and writes no data and ends in a millisecond.
 */
export async function dropCachedPages(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('dd', [`if=${path}`, 'iflag=nocache', 'count=0', 'status=none'], { timeout: 10_000 }, (error) => resolve(error === null));
  });
}

/**
 * Re-reads a file and returns its size and SHA-256; `into` also receives the bytes. With
 * `fromDevice` (the default) the file's cached pages are dropped first, so a copy just written is
 * checked as the medium holds it, not as the page cache remembers it.
 */
export async function digestFile(path: string, into?: NodeJS.WritableStream, onBytes?: (read: number) => void, options: { fromDevice?: boolean } = {}): Promise<Digest> {
  if (options.fromDevice !== false) await dropCachedPages(path);
  const handle = await open(path, 'r');
  try {
    const digest = createDigestStream(onBytes);
    const reader = handle.createReadStream({ autoClose: false, highWaterMark: 1 << 20 });
    if (into === undefined) {
      await pipeline(reader, digest, async (chunks: AsyncIterable<Buffer>) => {
        for await (const _ of chunks);
      });
    } else {
      await pipeline(reader, digest, into);
    }
    return digest.digest();
  } finally {
    await handle.close();
  }
}
