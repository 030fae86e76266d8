import { CadangError } from '../errors.js';
import { defineMessages, type Locale } from '../i18n/messages.js';

/**
 * How an organisation runs its Jadwal Backup (the `schedules:` configuration): who may change the
 * schedules, whether a firing gives the order itself, and which targets a schedule may name.
 */
export interface SchedulePolicy {
  /** Roles that may add, change, pause and resume schedules in chat. */
  editorRoles: readonly string[];
  /** A firing takes the start step's order choice as the system, instead of sending the order card. */
  autoOrder: boolean;
  /** The registered targets (the Daftar Backup) a schedule may name. */
  registeredTargets: () => Promise<string[]>;
}

/** A schedule's name: as a target's (lower-case letters, digits, ".", "_", "-"). */
export const SCHEDULE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** The Kepala PTID orders the scheduled backups (SOP A step 1), so changes the schedules. */
export const DEFAULT_SCHEDULE_EDITOR_ROLES: readonly string[] = ['kepala_ptid'];

export const defaultSchedulePolicy: SchedulePolicy = { editorRoles: DEFAULT_SCHEDULE_EDITOR_ROLES, autoOrder: false, registeredTargets: async () => [] };

const messages = defineMessages(
  {
    invalid: (count: number) => `Konfigurasi tidak sah (${count} masalah):`,
    unknownRole: (role: string, known: string) => `peran "${role}" tidak ada di SOP mana pun; tulis salah satu dari: ${known}`,
  },
  {
    invalid: (count: number) => `Invalid configuration (${count} ${count === 1 ? 'problem' : 'problems'}):`,
    unknownRole: (role: string, known: string) => `no SOP has the role "${role}"; write one of: ${known}`,
  },
);

/**
 * Refuses a `schedules.editorRoles` entry that no loaded SOP defines (a typo would leave nobody
 * able to change the schedules), naming where it is and the roles that exist.
 */
export function assertScheduleEditorRoles(editorRoles: readonly string[], known: Set<string>, locale: Locale, where: (path: Array<string | number>) => string): void {
  const t = messages(locale);
  const problems = editorRoles.flatMap((role, index) => (known.has(role) ? [] : [{ where: where(['schedules', 'editorRoles', index]), message: t.unknownRole(role, [...known].sort().join(', ')) }]));
  if (problems.length === 0) return;
  throw new CadangError('config-invalid', [t.invalid(problems.length), ...problems.map((problem) => `  - ${problem.where}: ${problem.message}`)].join('\n'), { problems });
}
