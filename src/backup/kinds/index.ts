import type { BackupTarget, TargetKind } from '../config.js';
import { filesKind } from './files.js';
import type { KindDriver } from './kind.js';
import { mirrorKind } from './mirror.js';
import { mysqlKind } from './mysql.js';
import { postgresKind } from './postgres.js';
import { sqliteKind } from './sqlite.js';

const drivers: { [K in TargetKind]: KindDriver<Extract<BackupTarget, { kind: K }>> } = {
  files: filesKind,
  postgres: postgresKind,
  mysql: mysqlKind,
  sqlite: sqliteKind,
  mirror: mirrorKind,
};

/** The driver for a target's kind. */
export function driverFor<T extends BackupTarget>(target: T): KindDriver<T> {
  return drivers[target.kind] as unknown as KindDriver<T>;
}
