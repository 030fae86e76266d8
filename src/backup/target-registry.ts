import type { Database } from '../storage/database.js';
import { parseBackupTarget, type BackupConfig, type BackupTarget, type StorageMediumConfig } from './config.js';

/**
 * The Daftar Backup of an institution: targets from the configuration file plus those registered
 * in the database (BackupTarget rows, whose `config` column holds the same JSON as a file entry).
 * A name in the file wins over the same name in the database. Invalid rows are reported, not used.
 */
export async function loadTargets(config: Pick<BackupConfig, 'targets'>, db?: Database, organisationId?: string): Promise<{ targets: BackupTarget[]; problems: string[] }> {
  const targets = [...config.targets];
  const problems: string[] = [];
  if (db !== undefined) {
    const rows = await db.backupTarget.findMany({ where: organisationId === undefined ? {} : { organisationId }, orderBy: { name: 'asc' } });
    for (const row of rows) {
      if (targets.some((target) => target.name === row.name)) continue;
      try {
        targets.push(parseBackupTarget({ ...JSON.parse(row.config), name: row.name, kind: row.kind }));
      } catch (error) {
        problems.push(`${row.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return { targets, problems };
}

/** Media from the configuration plus StorageMedium rows (a row needs a mount point to be usable). */
export async function loadMedia(config: Pick<BackupConfig, 'media'>, db?: Database, organisationId?: string): Promise<StorageMediumConfig[]> {
  const media = [...config.media];
  if (db !== undefined) {
    const rows = await db.storageMedium.findMany({ where: organisationId === undefined ? {} : { organisationId } });
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
