import type { BackupConfig } from '../backup/config.js';
import type { ScheduleInput } from '../storage/schedule-repository.js';

/**
 * The schedules the configuration asks for: targets with the same `schedule:` expression are one
 * schedule (one SOP A run backs them all up), named after the first of them alphabetically.
 */
export function configuredSchedules(backup: Pick<BackupConfig, 'targets'>): ScheduleInput[] {
  const byCron = new Map<string, string[]>();
  for (const target of backup.targets) {
    if (target.schedule) byCron.set(target.schedule.trim(), [...(byCron.get(target.schedule.trim()) ?? []), target.name]);
  }
  return [...byCron].map(([cron, names]) => {
    const targets = [...names].sort();
    return { id: targets[0]!, cron, targets, missed: 'run-late' };
  });
}
