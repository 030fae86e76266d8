import { readFile, realpath, stat, statfs } from 'node:fs/promises';

/** Decodes the octal escapes (\040 for a space) of a /proc/self/mountinfo path. */
function decodeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** Mount points of this host, from /proc/self/mountinfo (field 5); empty when it cannot be read. */
async function mountPoints(): Promise<string[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  return text
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((field): field is string => field !== undefined && field !== '')
    .map(decodeMountPath);
}

/**
 * An upper bound of the bytes a local tree can hold without measuring it: the used bytes of every
 * file system the included paths live on or reach through a mount below them (each counted once).
 * Undefined when a path cannot be read or a file system reports no blocks (proc, sysfs and the
 * like, whose size says nothing): then the tree must be measured.
 */
export async function usedBytesBound(paths: readonly string[]): Promise<number | undefined> {
  try {
    const mounts = await mountPoints();
    const roots = await Promise.all(paths.map((path) => realpath(path)));
    const places = new Set(roots);
    for (const root of roots) {
      const prefix = root.endsWith('/') ? root : `${root}/`;
      for (const mount of mounts) if (mount.startsWith(prefix)) places.add(mount);
    }
    const seen = new Set<number>();
    let total = 0;
    for (const place of places) {
      const device = (await stat(place)).dev;
      if (seen.has(device)) continue;
      seen.add(device);
      const info = await statfs(place);
      if (Number(info.blocks) === 0) return undefined;
      total += (Number(info.blocks) - Number(info.bfree)) * Number(info.bsize);
    }
    return total;
  } catch {
    return undefined;
  }
}
