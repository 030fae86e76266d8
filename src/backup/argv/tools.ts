import type { ToolPaths } from '../config.js';

/** The external programs the executor runs, by the key used in `backup.tools`. */
export type ToolName = keyof Required<ToolPaths>;

/** The program name looked up on PATH when `backup.tools` does not set one; several means "first found". */
export const defaultToolFiles: Record<ToolName, readonly string[]> = {
  tar: ['tar'],
  zstd: ['zstd'],
  du: ['du'],
  mkfifo: ['mkfifo'],
  pgDump: ['pg_dump'],
  pgRestore: ['pg_restore'],
  psql: ['psql'],
  mysqlDump: ['mariadb-dump', 'mysqldump'],
  mysql: ['mariadb', 'mysql'],
  rsync: ['rsync'],
  ssh: ['ssh'],
  // Not a backup tool: every tool is started under it so that it dies with Cadang.
  setpriv: ['setpriv'],
};

/** The Debian package that provides each tool; doctor and "tool missing" messages name it. */
export const debianPackageOf: Record<ToolName, string> = {
  tar: 'tar',
  zstd: 'zstd',
  du: 'coreutils',
  mkfifo: 'coreutils',
  pgDump: 'postgresql-client',
  pgRestore: 'postgresql-client',
  psql: 'postgresql-client',
  mysqlDump: 'mariadb-client',
  mysql: 'mariadb-client',
  rsync: 'rsync',
  ssh: 'openssh-client',
  setpriv: 'util-linux',
};

/** One program invocation: which tool, its argv (never a shell string) and extra environment. */
export interface CommandSpec {
  tool: ToolName;
  args: readonly string[];
  /** Added to the minimal environment the runner gives every tool (how secrets reach tools). */
  env?: Readonly<Record<string, string>>;
  /** Exit codes that mean "done, with warnings" (tar 1, rsync 24). */
  warningExitCodes?: readonly number[];
  /** Runs on another host: the runner wraps it in ssh. */
  via?: string;
  /**
   * Bookkeeping beside a copy (measuring the source, reading tool versions): runs locally at the
   * lowest CPU priority (nice 19), so on a busy machine it waits for the copy instead of slowing it.
   */
  background?: boolean;
}
