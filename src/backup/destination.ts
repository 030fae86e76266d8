import { readFile, statfs, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BackupConfig, StorageMediumConfig } from './config.js';
import type { BackupDestination } from './types.js';

/** The file on a medium's root that names it; Cadang writes only to a medium that carries the expected label. */
export const mediumLabelFile = '.cadang-medium';

/** Resolves "internal" or a medium label from the configuration; undefined when unknown. */
export function resolveDestination(config: Pick<BackupConfig, 'internalFolder' | 'media'>, name: string): BackupDestination | undefined {
  if (name === 'internal') return { kind: 'internal', folder: resolve(config.internalFolder) };
  const medium = config.media.find((candidate) => candidate.label === name);
  return medium === undefined ? undefined : { kind: 'medium', medium };
}

/** The folder copies go to: the internal folder, or `cadang/` on the medium. */
export function destinationRoot(destination: BackupDestination): string {
  return destination.kind === 'internal' ? destination.folder : join(destination.medium.mountPoint, 'cadang');
}

/** A human name for messages: the medium label, or undefined for the internal folder. */
export function destinationLabel(destination: BackupDestination): string | undefined {
  return destination.kind === 'medium' ? destination.medium.label : undefined;
}

/** True when the medium is mounted and its label file names it. */
export async function isMediumPresent(medium: StorageMediumConfig): Promise<boolean> {
  try {
    const text = await readFile(join(medium.mountPoint, mediumLabelFile), 'utf8');
    return text.trim().split(/\r?\n/)[0]?.trim() === medium.label;
  } catch {
    return false;
  }
}

/** Free bytes available to this user on the file system holding `path`. */
export async function freeBytes(path: string): Promise<number> {
  const info = await statfs(path);
  return Number(info.bavail) * Number(info.bsize);
}

/** Creates the destination's folder for a target (the medium must already be present). */
export async function prepareFolder(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
}

/**
 * Bytes to ask for before starting: the estimated source size (compression is not counted
 * on, since incompressible data is common) plus a margin of 1 % and 64 MiB for the file system.
 */
export function requiredBytes(estimate: number | undefined): number {
  const base = estimate ?? 0;
  return Math.ceil(base * 1.01) + 64 * 1024 * 1024;
}
