import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { manifestSuffix } from './copy-names.js';
import type { BackupManifest } from './types.js';

/** A committed copy found on disk: its file, its manifest and where the manifest lives. */
export interface StoredCopy {
  path: string;
  manifestPath: string;
  manifest: BackupManifest;
}

/** Reads the manifest beside a copy; undefined when there is none (not a complete copy). */
export async function readManifest(copyPath: string): Promise<BackupManifest | undefined> {
  try {
    return JSON.parse(await readFile(`${copyPath}${manifestSuffix}`, 'utf8')) as BackupManifest;
  } catch {
    return undefined;
  }
}

/** Lists the committed copies under a destination root (one folder per target), oldest first. */
export async function listStoredCopies(root: string, target?: string): Promise<StoredCopy[]> {
  const folders = target !== undefined ? [target] : await readdir(root).catch(() => [] as string[]);
  const copies: StoredCopy[] = [];
  for (const folder of folders) {
    if (folder.startsWith('.')) continue;
    const dir = join(root, folder);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.endsWith(manifestSuffix)) continue;
      const manifestPath = join(dir, name);
      const manifest = await readFile(manifestPath, 'utf8').then((text) => JSON.parse(text) as BackupManifest, () => undefined);
      if (manifest === undefined) continue;
      copies.push({ path: join(dir, manifest.file), manifestPath, manifest });
    }
  }
  return copies.sort((a, b) => a.manifest.startedAt.utc.localeCompare(b.manifest.startedAt.utc));
}
