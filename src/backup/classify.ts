import type { FailureCode } from './types.js';
import type { CommandResult } from './runner.js';

/**
 * Patterns in a tool's standard error (English: the runner sets LC_ALL=C.UTF-8). The first match
 * wins, so the server's own verdict comes before the transport's wording around it: psql says
 * 'connection to server … failed: FATAL: database "x" does not exist', which is a missing
 * database, not an unreachable server; MariaDB's "Access denied for user … to database" is a
 * missing privilege, its "Access denied for user … (using password: …)" a wrong password.
 */
const patterns: readonly [RegExp, FailureCode][] = [
  [/No space left on device/i, 'disk-full'],
  [/setpriv: failed to execute/i, 'tool-missing'],
  [/Access denied for user [^\n]* to database|command denied to user|Access denied; you need|privilege\(s\) for this operation|permission denied for (table|schema|sequence|relation|database|function|view|large object)|must be (owner|superuser)/i, 'privilege-missing'],
  [/database "[^"\n]*" does not exist|Unknown database/i, 'source-missing'],
  [/password authentication failed|Access denied for user|authentication failed|no password supplied|role "[^"\n]*" does not exist|no pg_hba\.conf entry|Permission denied \((publickey|password)/i, 'auth-failed'],
  [/Host key verification failed|Could not resolve hostname|Connection refused|Connection timed out|No route to host|could not translate host name|Can't connect to (MySQL|MariaDB)? ?server|Unknown (MySQL|MariaDB) server host|connection to server .* failed|Network is unreachable|Connection closed by|kex_exchange_identification/i, 'host-unreachable'],
  [/Cannot stat: No such file or directory|No such file or directory \(2\)|change_dir .* failed|unable to open database file/i, 'source-missing'],
  [/Permission denied|Operation not permitted|Cannot open: /i, 'source-unreadable'],
];

/**
 * Names the cause of a failed tool from its exit and standard error. A spawn failure means the
 * tool is missing; rsync exit 25 means its delete limit stopped it; ssh exit 255 means the
 * connection, not the remote command, failed.
 */
export function classifyCommandFailure(result: Pick<CommandResult, 'tool' | 'exitCode' | 'stderr' | 'interruption'>): FailureCode {
  if (result.interruption === 'spawn-failed') return 'tool-missing';
  if (result.tool === 'rsync' && result.exitCode === 25) return 'mirror-delete-limit';
  for (const [pattern, code] of patterns) if (pattern.test(result.stderr)) return code;
  if (result.tool === 'ssh' && result.exitCode === 255) return 'host-unreachable';
  return 'tool-failed';
}

/** Maps a Node file-system error on the destination to a failure code. */
export function classifyWriteError(error: unknown): FailureCode | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') return 'disk-full';
  if (code === 'EIO' || code === 'ENOENT' || code === 'ENODEV' || code === 'ENXIO' || code === 'EROFS' || code === 'ESTALE') return 'medium-removed';
  return undefined;
}
