import type { BackupConfig, BackupTarget, StorageMediumConfig } from './config.js';

/** A target registered in the database, as storage hands it over (`config` is the file entry's JSON). */
export interface RegisteredTarget {
  name: string;
  kind: string;
  config: string;
}

/** A medium registered in the database. */
export interface RegisteredMedium {
  label: string;
  kind: string;
  capacityBytes: bigint | number;
  mountPoint: string | null;
}

/**
 * The Daftar Backup of an institution: targets from the configuration file plus those registered
 * in the database (handed over by storage). A name in the file wins over the same name in the
 * database. Invalid rows are reported, not used.
 */
export async function loadTargets(config: Pick<BackupConfig, 'targets'>, registered: RegisteredTarget[] = []): Promise<{ targets: BackupTarget[]; problems: string[] }> {
  const targets = [...config.targets];
  const problems: string[] = [];
  if (registered.length === 0) return { targets, problems };
  // zod's schemas load only to check rows from the database (start time of `cadang targets list`).
  const { parseBackupTarget } = await import('./config.js');
  for (const row of registered) {
    if (targets.some((target) => target.name === row.name)) continue;
    try {
      targets.push(parseBackupTarget({ ...JSON.parse(row.config), name: row.name, kind: row.kind }));
    } catch (error) {
      problems.push(`${row.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { targets, problems };
}

/** Media from the configuration plus registered ones (a registered medium needs a mount point to be usable). */
export async function loadMedia(config: Pick<BackupConfig, 'media'>, registered: RegisteredMedium[] = []): Promise<StorageMediumConfig[]> {
  const media = [...config.media];
  {
    const rows = registered;
    for (const row of rows) {
      if (row.mountPoint === null || media.some((medium) => medium.label === row.label)) continue;
      const kind = row.kind === 'flash-disk' || row.kind === 'server' ? row.kind : 'external-disk';
      media.push({ label: row.label, kind, capacityBytes: Number(row.capacityBytes), mountPoint: row.mountPoint });
    }
  }
  return media;
}

/** Finds a registered target by name. */
export function findTarget(targets: readonly BackupTarget[], name: string): BackupTarget | undefined {
  return targets.find((target) => target.name === name);
}
