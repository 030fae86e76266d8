import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, lstat, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { backupConfigSchema, type BackupConfig } from '../../src/backup/config.js';

/** A temporary folder removed by the returned function. */
export async function makeTempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `cadang-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A parsed backup config with the given raw fields (targets, media …) and an internal folder. */
export function makeConfig(raw: Record<string, unknown>): BackupConfig {
  return backupConfigSchema.parse({ timeouts: { stallSeconds: 30, maxSeconds: 120 }, ...raw });
}

/** Every file, folder and link under `root`, with a content hash, for comparing trees. */
export async function describeTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string): Promise<void> {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const info = await lstat(path);
      const key = relative(root, path);
      if (info.isDirectory()) {
        out[key] = `dir ${(info.mode & 0o777).toString(8)}`;
        await walk(path);
      } else if (info.isSymbolicLink()) out[key] = `link ${await readlink(path)}`;
      else out[key] = `file ${(info.mode & 0o777).toString(8)} ${createHash('sha256').update(await readFile(path)).digest('hex')}`;
    }
  }
  await walk(root);
  return out;
}

/**
 * The regular files under `root` that contain `needle`: those up to 1 MiB (a secret file is
 * small) changed since `since` (ms since the epoch; a run can only have written those).
 */
export async function filesContaining(root: string, needle: string, since = 0): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(root, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined || info.size > 1024 * 1024 || info.mtimeMs < since) continue;
    const text = await readFile(path, 'latin1').catch(() => '');
    if (text.includes(needle)) found.push(path);
  }
  return found;
}
