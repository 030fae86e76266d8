import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Secrets that tools read as files (a MariaDB option file) are handed over through named pipes
 * (FIFOs): the content passes through the kernel's pipe buffer and never rests on disk, so a
 * killed run leaves nothing to read. (An anonymous pipe on /dev/fd/N would be simpler, but Node
 * gives children socket pairs, which cannot be opened through /dev/fd.)
 */
const contents = new Map<string, string>();

/** Announces that `path` (an existing FIFO) hands `content` to every tool that names it in its argv. */
export function registerSecretPipe(path: string, content: string): void {
  contents.set(path, content);
}

/** Forgets a pipe (its folder is being removed). */
export function unregisterSecretPipe(path: string): void {
  contents.delete(path);
}

/** The registered pipes an argv names, as `PATH` or `--option=PATH`, with their content. */
export function secretPipesIn(args: readonly string[]): { path: string; content: string }[] {
  const found: { path: string; content: string }[] = [];
  for (const arg of args) {
    const value = arg.startsWith('--') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    const content = contents.get(value);
    if (content !== undefined) found.push({ path: value, content });
  }
  return found;
}

/**
 * Writes `content` once into the FIFO at `path` when a tool opens it for reading. A tool that
 * ends without opening it would leave the writer waiting forever, so once `toolEnded` settles
 * the read side is opened here to release it. Never rejects.
 */
export async function serveSecretPipe(path: string, content: string, toolEnded: Promise<unknown>): Promise<void> {
  let opened = false;
  const writing = (async () => {
    // Opening a FIFO for writing waits until a reader opens it (the tool reading its option file).
    const handle = await open(path, constants.O_WRONLY);
    opened = true;
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
  })().catch(() => {});
  await Promise.race([writing, toolEnded.catch(() => {})]);
  if (opened) return writing;
  const reader = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
  await writing;
  await reader?.close().catch(() => {});
}
