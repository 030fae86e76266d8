import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';

/** Files compared and the differences found between a source tree and its restored copy. */
export interface TreeComparison {
  compared: number;
  differences: string[];
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A glob as tar's --exclude reads it against a member's base name (`*`, `?` only). */
function matchesExclude(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(name));
}

async function describe(root: string, excludes: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const info = await lstat(root);
  if (!info.isDirectory()) {
    out.set('.', info.isSymbolicLink() ? `link ${await readlink(root)}` : `file ${await hashFile(root)}`);
    return out;
  }
  async function walk(dir: string): Promise<void> {
    for (const name of await readdir(dir)) {
      if (matchesExclude(name, excludes)) continue;
      const path = join(dir, name);
      const entry = await lstat(path);
      const key = relative(root, path);
      if (entry.isDirectory()) {
        out.set(key, 'dir');
        await walk(path);
      } else if (entry.isSymbolicLink()) out.set(key, `link ${await readlink(path)}`);
      else if (entry.isFile()) out.set(key, `file ${entry.size} ${await hashFile(path)}`);
      else out.set(key, 'special');
    }
  }
  await walk(root);
  return out;
}

/** Compares two trees entry by entry (type, size, SHA-256, link target); names what differs. */
export async function compareTrees(source: string, restored: string, excludes: readonly string[] = []): Promise<TreeComparison> {
  if (matchesExclude(basename(source), excludes)) return { compared: 0, differences: [] };
  const [a, b] = await Promise.all([describe(source, excludes), describe(restored, excludes).catch(() => new Map<string, string>())]);
  const differences: string[] = [];
  for (const [key, value] of a) if (b.get(key) !== value) differences.push(b.has(key) ? `${key} differs` : `${key} missing`);
  for (const key of b.keys()) if (!a.has(key)) differences.push(`${key} extra`);
  return { compared: a.size, differences };
}
