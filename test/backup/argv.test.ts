import { describe, expect, it } from 'vitest';
import { buildDuArgs, buildTarCreateArgs, buildTarExtractArgs, buildTarListArgs } from '../../src/backup/argv/files.js';
import { buildMysqlClientArgs, buildMysqlCountRowsSql, buildMysqlDumpArgs, formatMysqlOptionFile } from '../../src/backup/argv/mysql.js';
import { buildPgDumpArgs, buildPgRestoreArgs, buildPsqlArgs } from '../../src/backup/argv/postgres.js';
import { buildRsyncArgs } from '../../src/backup/argv/mirror.js';
import { buildSshArgs, quoteForRemoteShell } from '../../src/backup/argv/ssh.js';
import { buildZstdCompressArgs, buildZstdDecompressArgs } from '../../src/backup/argv/zstd.js';

const pg = { host: 'db.local', port: 5433, user: 'backup', database: 'simpeg', passwordEnv: 'PW', passwordFile: undefined };
const my = { host: '10.0.0.5', port: 3306, user: 'dump', database: 'siakad', passwordEnv: 'PW', passwordFile: undefined };
const sshHost = { address: 'app.example.go.id', port: 2222, user: 'cadang', identityFile: '/etc/cadang/id_ed25519', knownHostsFile: '/etc/cadang/known_hosts', connectTimeoutSeconds: 10 };

describe('argv builders', () => {
  it('builds tar create with paths relative to / and excludes before --', () => {
    expect(buildTarCreateArgs({ include: ['/srv/arsip/', '/etc/app.conf'], exclude: ['*.tmp', 'cache'] }, '/tmp/x/stream.fifo')).toEqual([
      '--create', '--file=/tmp/x/stream.fifo', '--directory=/', '--sparse', '--exclude=*.tmp', '--exclude=cache', '--', 'srv/arsip', 'etc/app.conf',
    ]);
    expect(buildTarCreateArgs({ include: ['/'], exclude: [] })).toEqual(['--create', '--file=-', '--directory=/', '--sparse', '--', '.']);
  });

  it('builds tar list/extract and du', () => {
    expect(buildTarListArgs('/usr/bin/zstd')).toEqual(['--list', '--use-compress-program=/usr/bin/zstd', '--file=-']);
    expect(buildTarListArgs('zstd', '/b/a.tar.zst')).toEqual(['--list', '--use-compress-program=zstd', '--file=/b/a.tar.zst']);
    expect(buildTarExtractArgs('zstd', '/restore')).toEqual(['--extract', '--use-compress-program=zstd', '--file=-', '--directory=/restore', '--same-permissions']);
    expect(buildDuArgs({ include: ['/a', '/b'], exclude: ['*.log'] })).toEqual(['--summarize', '--total', '--bytes', '--exclude=*.log', '--', '/a', '/b']);
  });

  it('builds zstd arguments', () => {
    expect(buildZstdCompressArgs({ level: 3, threads: 0 })).toEqual(['-3', '-T0', '-q', '-c']);
    expect(buildZstdDecompressArgs()).toEqual(['-d', '-q', '-c']);
  });

  it('builds pg_dump without any password', () => {
    expect(buildPgDumpArgs({ connection: pg })).toEqual(['--format=custom', '--compress=0', '--host=db.local', '--port=5433', '--username=backup', '--no-password', '--dbname=simpeg']);
    expect(buildPgDumpArgs({ connection: pg }, '/w/f', '00000003-00000002-1')).toEqual(['--format=custom', '--compress=0', '--file=/w/f', '--no-sync', '--snapshot=00000003-00000002-1', '--host=db.local', '--port=5433', '--username=backup', '--no-password', '--dbname=simpeg']);
    expect(buildPgRestoreArgs(pg, 'scratch', { clean: true })).toEqual([
      '--host=db.local', '--port=5433', '--username=backup', '--no-password', '--dbname=scratch', '--no-owner', '--no-privileges', '--exit-on-error', '--clean', '--if-exists',
    ]);
    expect(buildPsqlArgs(pg, 'simpeg', 'SELECT 1')).toEqual([
      '--host=db.local', '--port=5433', '--username=backup', '--no-password', '--dbname=simpeg', '--no-psqlrc', '--tuples-only', '--no-align', '--field-separator=\t', '--set=ON_ERROR_STOP=1', '--command=SELECT 1',
    ]);
  });

  it('builds mariadb-dump with a consistent snapshot and the option file first', () => {
    expect(buildMysqlDumpArgs({ connection: my }, { optionFile: '/w/my.cnf' }, '/w/f')).toEqual([
      '--defaults-extra-file=/w/my.cnf', '--host=10.0.0.5', '--port=3306', '--protocol=TCP', '--result-file=/w/f',
      '--single-transaction', '--quick', '--routines', '--events', '--triggers', '--hex-blob', '--default-character-set=utf8mb4', '--skip-dump-date', 'siakad',
    ]);
    expect(buildMysqlDumpArgs({ connection: my }, { user: 'dump' })[0]).toBe('--user=dump');
    expect(buildMysqlClientArgs(my, { optionFile: '/w/my.cnf' }, 'siakad', 'SELECT 1')).toEqual([
      '--defaults-extra-file=/w/my.cnf', '--host=10.0.0.5', '--port=3306', '--protocol=TCP', '--default-character-set=utf8mb4', '--batch', '--skip-column-names', '--database=siakad', '--execute=SELECT 1',
    ]);
  });

  it('quotes option files and count queries', () => {
    expect(formatMysqlOptionFile(my, 'p"w\\d')).toBe('[client]\nuser="dump"\npassword="p\\"w\\\\d"\n');
    expect(buildMysqlCountRowsSql(['a', "b'`c"])).toBe("SELECT 'a', COUNT(*) FROM `a` UNION ALL SELECT 'b\\'`c', COUNT(*) FROM `b'``c`");
  });

  it('builds ssh with a pinned host key and a quoted remote command', () => {
    expect(quoteForRemoteShell("it's")).toBe(`'it'\\''s'`);
    expect(buildSshArgs(sshHost, 'tar', ['--create', '--', 'srv/my files'])).toEqual([
      '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', 'UserKnownHostsFile=/etc/cadang/known_hosts', '-o', 'IdentitiesOnly=yes', '-o', 'ConnectTimeout=10',
      '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=4', '-i', '/etc/cadang/id_ed25519', '-p', '2222', '-l', 'cadang', '-T', '-e', 'none', 'app.example.go.id',
      "tar --create -- 'srv/my files'",
    ]);
    expect(buildSshArgs(sshHost, 'pg_dump', ['-Fc'], 'IFS= read -r PGPASSWORD && export PGPASSWORD &&').at(-1)).toBe('IFS= read -r PGPASSWORD && export PGPASSWORD && exec pg_dump -Fc');
  });

  it('builds rsync with a delete limit, locally and towards a remote mirror', () => {
    const target = { source: '/srv/www', mirrorTo: { path: '/mnt/mirror/www' }, exclude: ['*.log'], maxDelete: 50 };
    expect(buildRsyncArgs(target, {}, { dryRun: true })).toEqual([
      '--archive', '--delete', '--max-delete=50', '--itemize-changes', '--stats', '--no-human-readable', '--dry-run', '--exclude=*.log', '--', '/srv/www/', '/mnt/mirror/www',
    ]);
    const remote = buildRsyncArgs(target, { mirrorHost: sshHost }, { dryRun: false });
    expect(remote.at(-1)).toBe('app.example.go.id:/mnt/mirror/www');
    expect(remote.find((arg) => arg.startsWith('--rsh='))).toBe(
      '--rsh=ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=/etc/cadang/known_hosts -o IdentitiesOnly=yes -o ConnectTimeout=10 -o ServerAliveInterval=15 -o ServerAliveCountMax=4 -i /etc/cadang/id_ed25519 -p 2222 -l cadang',
    );
  });
});
