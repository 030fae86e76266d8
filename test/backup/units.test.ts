import { describe, expect, it } from 'vitest';
import { backupConfigSchema } from '../../src/backup/config.js';
import { classifyCommandFailure, classifyWriteError } from '../../src/backup/classify.js';
import { buildCopyBaseName, formatInstant } from '../../src/backup/copy-names.js';
import { lastErrorLine } from '../../src/backup/failure-message.js';
import { parseItemizedChanges } from '../../src/backup/kinds/mirror.js';
import { createProgressTracker } from '../../src/backup/progress.js';
import { formatProgressLine } from '../../src/backup/progress-text.js';
import { compareCounts } from '../../src/backup/restore.js';
import type { BackupProgress } from '../../src/backup/types.js';

describe('classifyCommandFailure', () => {
  const failure = (tool: Parameters<typeof classifyCommandFailure>[0]['tool'], stderr: string, exitCode = 1) => classifyCommandFailure({ tool, stderr, exitCode });
  it.each([
    ['pgDump', 'pg_dump: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  password authentication failed for user "x"', 'auth-failed'],
    ['pgDump', 'pg_dump: error: connection to server at "10.9.9.9", port 5432 failed: Connection refused', 'host-unreachable'],
    ['mysqlDump', "mariadb-dump: Got error: 1045: \"Access denied for user 'x'@'localhost' (using password: YES)\" when trying to connect", 'auth-failed'],
    ['mysqlDump', "mariadb-dump: Got error: 2002: \"Can't connect to server on '10.0.0.9' (115)\" when trying to connect", 'host-unreachable'],
    ['mysqlDump', 'mariadb-dump: Got error: 1049: "Unknown database \'x\'" when selecting the database', 'source-missing'],
    ['tar', 'tar: srv/arsip: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors', 'source-missing'],
    ['tar', 'tar: srv/arsip/rahasia.pdf: Cannot open: Permission denied', 'source-unreadable'],
    ['ssh', 'ssh: connect to host 10.0.0.9 port 22: No route to host', 'host-unreachable'],
    ['ssh', 'cadang@10.0.0.9: Permission denied (publickey).', 'auth-failed'],
    ['zstd', 'zstd: error 70 : Write error : cannot write block : No space left on device', 'disk-full'],
    ['psql', 'psql: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "simpeg" does not exist', 'source-missing'],
    ['psql', 'psql: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  role "backup" does not exist', 'auth-failed'],
    ['psql', 'psql: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  permission denied for database "simpeg"\nDETAIL:  User does not have CONNECT privilege.', 'privilege-missing'],
    ['pgDump', 'pg_dump: error: query failed: ERROR:  permission denied for table pegawai\npg_dump: detail: Query was: LOCK TABLE public.pegawai IN ACCESS SHARE MODE', 'privilege-missing'],
    ['mysql', "ERROR 1044 (42000): Access denied for user 'backup'@'%' to database 'siakad'", 'privilege-missing'],
    ['mysqlDump', 'mariadb-dump: Got error: 1044: "Access denied for user \'backup\'@\'%\' to database \'siakad\'" when using LOCK TABLES', 'privilege-missing'],
    ['mysqlDump', "mariadb-dump: Couldn't execute 'show create table `v`': SHOW VIEW command denied to user 'backup'@'10.0.0.2' for table `siakad`.`v` (1142)", 'privilege-missing'],
    ['mysqlDump', "mysqldump: Error: 'Access denied; you need (at least one of) the PROCESS privilege(s) for this operation' when trying to dump tablespaces", 'privilege-missing'],
    ['tar', 'setpriv: failed to execute /usr/bin/tar: No such file or directory', 'tool-missing'],
    ['tar', 'something else', 'tool-failed'],
  ] as const)('%s: %s → %s', (tool, stderr, code) => {
    expect(failure(tool, stderr)).toBe(code);
  });
  it('treats a spawn failure as a missing tool, rsync 25 as the delete limit, ssh 255 as the connection', () => {
    expect(classifyCommandFailure({ tool: 'zstd', stderr: '', interruption: 'spawn-failed' })).toBe('tool-missing');
    expect(failure('rsync', 'Deletions stopped due to --max-delete limit', 25)).toBe('mirror-delete-limit');
    expect(failure('ssh', 'kex error', 255)).toBe('host-unreachable');
  });
  it('maps write errors', () => {
    expect(classifyWriteError(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe('disk-full');
    expect(classifyWriteError(Object.assign(new Error('x'), { code: 'EIO' }))).toBe('medium-removed');
    expect(classifyWriteError(new Error('x'))).toBeUndefined();
  });
});

describe('lastErrorLine', () => {
  it('takes the last line that reads like an error, not a trailing hint', () => {
    expect(lastErrorLine('pg_dump: error: connection to server at "10.0.0.9", port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n')).toBe(
      'pg_dump: error: connection to server at "10.0.0.9", port 5432 failed: Connection refused',
    );
    expect(lastErrorLine('warming up\nsomething odd happened\n')).toBe('something odd happened');
    expect(lastErrorLine('\n  \n')).toBeUndefined();
    expect(lastErrorLine(`ERROR: ${'x'.repeat(400)}`)).toHaveLength(300);
  });
});

describe('progress', () => {
  it('computes percent, rate and ETA, throttles, and never shows more than 100 %', () => {
    let now = 0;
    const events: BackupProgress[] = [];
    const tracker = createProgressTracker({ target: 't', total: 1000, intervalMs: 500, now: () => now, onProgress: (event) => events.push(event) });
    tracker.setPhase('compress');
    now = 1000;
    tracker.setDone(250);
    now = 1100;
    tracker.setDone(300);
    expect(events.map((event) => event.bytesDone)).toEqual([0, 250]);
    expect(events[1]).toMatchObject({ phase: 'compress', bytesTotal: 1000, percent: 25, rateBytesPerSecond: 250, etaSeconds: 3 });
    now = 2000;
    tracker.setDone(1500);
    expect(tracker.snapshot()).toMatchObject({ bytesTotal: 1500, percent: 100 });
    expect(tracker.idleMs()).toBe(0);
    now = 5000;
    expect(tracker.idleMs()).toBe(3000);
  });

  it('is not idle while it waits for work that moves no bytes, and counts idle time from its end', async () => {
    let now = 0;
    const tracker = createProgressTracker({ target: 't', now: () => now });
    let finish!: (counts: Record<string, number>) => void;
    const waiting = tracker.waitFor(new Promise<Record<string, number>>((resolve) => (finish = resolve)));
    now = 600_000;
    expect(tracker.idleMs()).toBe(0);
    finish({ 'public.pegawai': 3 });
    expect(await waiting).toEqual({ 'public.pegawai': 3 });
    now = 601_000;
    expect(tracker.idleMs()).toBe(1000);
  });

  it('renders a line for the terminal and chat', () => {
    const line = formatProgressLine({ target: 't', phase: 'compress', bytesDone: 512 * 1024 * 1024, bytesTotal: 2048 * 1024 * 1024, percent: 25, rateBytesPerSecond: 100 * 1024 * 1024, etaSeconds: 15.4 });
    expect(line).toBe('[#####---------------]   25%  537 MB / 2,15 GB  105 MB/s  sisa 0:15  memampatkan');
    expect(formatProgressLine({ target: 't', phase: 'verify', bytesDone: 10, rateBytesPerSecond: 0 }, 'en')).toBe('10 B  verifying');
  });
});

describe('names, times, counts, mirror reports', () => {
  it('names copies by target and UTC start, and writes WIB times', () => {
    const at = new Date('2024-08-17T03:04:05.678Z');
    expect(buildCopyBaseName('simpeg-db', at)).toBe('simpeg-db-20240817T030405Z');
    expect(formatInstant(at)).toEqual({ utc: '2024-08-17T03:04:05.678Z', wib: '2024-08-17T10:04:05.678+07:00' });
  });
  it('compares row counts', () => {
    expect(compareCounts({ a: 1, b: 2 }, { a: 1, b: 3, c: 0 })).toEqual(['b: 2 ≠ 3', 'c: - ≠ 0']);
  });
  it('reads rsync itemised changes', () => {
    const out = 'sending incremental file list\n*deleting   lama.txt\n.d..t...... ./\n>f+++++++++ baru.txt\n>f.st...... ubah.txt\ncd+++++++++ folder/\n\nNumber of files: 4\n';
    expect(parseItemizedChanges(out)).toMatchObject({ created: 2, updated: 2, deleted: 1 });
  });
});

describe('backup configuration', () => {
  it('rejects literal passwords, unknown hosts and media, duplicate names, remote SQLite, all at once', () => {
    const result = backupConfigSchema.safeParse({
      targets: [
        { name: 'db', kind: 'postgres', connection: { user: 'u', database: 'd', password: 'rahasia' } },
        { name: 'db', kind: 'files', include: ['/srv'], via: 'tidak-ada', destinations: ['USB-X'] },
        { name: 'lite', kind: 'sqlite', path: '/var/app.db', via: 'x' },
        { name: 'rel', kind: 'files', include: ['relatif/path'] },
      ],
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^targets\.0\.connection\.password: literal passwords are not allowed/),
        expect.stringMatching(/^targets\.1\.name: target name "db" is used twice/),
        expect.stringMatching(/^targets\.1\.via: unknown SSH host "tidak-ada"/),
        expect.stringMatching(/^targets\.1\.destinations\.0: unknown medium "USB-X"/),
        expect.stringMatching(/^targets\.2\.via: SQLite files are copied/),
        expect.stringMatching(/^targets\.3\.include\.0: must be an absolute path/),
      ]),
    );
  });
  it('fills defaults', () => {
    expect(backupConfigSchema.parse(undefined)).toMatchObject({ internalFolder: './data/backups', targets: [], compression: { level: 3, threads: 0 }, timeouts: { stallSeconds: 300 } });
  });
});
