import type { BackupConfig, BackupTarget } from './config.js';
import { listStoredCopies, type StoredCopy } from './copy-store.js';
import { destinationRoot, isMediumPresent, resolveDestination } from './destination.js';
import type { BackupJobStore } from './job-store.js';
import { deleteStoredCopy, planRetention, type KeepReason } from './retention.js';

/** What retention did (or, in a dry run, would do) for one target on one destination. */
export interface RetentionReport {
  target: string;
  destination: string;
  keep: { copy: StoredCopy; reasons: KeepReason[] }[];
  remove: StoredCopy[];
  dryRun: boolean;
}

/**
 * Applies each target's retention policy on every destination of it that is present (the
 * internal folder, mounted media). A dry run only reports. Deleted copies are marked in the store.
 */
export async function applyRetention(config: BackupConfig, targets: readonly BackupTarget[], options: { dryRun: boolean; store?: BackupJobStore }): Promise<RetentionReport[]> {
  const reports: RetentionReport[] = [];
  for (const target of targets) {
    const damaged = new Set((await options.store?.listCopies(target.name))?.filter((copy) => copy.verifyResult !== undefined && copy.verifyResult !== 'ok').map((copy) => copy.path));
    for (const name of target.destinations) {
      const destination = resolveDestination(config, name);
      if (destination === undefined || (destination.kind === 'medium' && !(await isMediumPresent(destination.medium)))) continue;
      const copies = await listStoredCopies(destinationRoot(destination), target.name);
      const byPath = new Map(copies.map((copy) => [copy.path, copy]));
      const plan = planRetention(
        copies.map((copy) => ({ id: copy.path, createdAt: new Date(copy.manifest.startedAt.utc), verified: !damaged.has(copy.path) && copy.manifest.details.verification !== undefined })),
        target.retention,
      );
      const remove = plan.remove.map(({ id }) => byPath.get(id)!);
      if (!options.dryRun) {
        for (const copy of remove) {
          await deleteStoredCopy(copy);
          await options.store?.markCopyDeleted(copy.path);
        }
      }
      reports.push({ target: target.name, destination: name, keep: plan.keep.map(({ id, reasons }) => ({ copy: byPath.get(id)!, reasons })), remove, dryRun: options.dryRun });
    }
  }
  return reports;
}
