import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerBackupCommands } from '../../src/cli/backup-commands.js';
import { registerDoctorCommand } from '../../src/cli/doctor-command.js';
import type { CliContext } from '../../src/cli/context.js';
import { configSchema } from '../../src/config/schema.js';
import { openDatabaseReader } from '../../src/storage/database-reader.js';
import { openTestDatabase, type TestDatabase } from '../support/services.js';
import { makeTempDir } from './helpers.js';

describe('cadang backup commands', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  let database: TestDatabase;
  let output: string[];
  let config: ReturnType<typeof configSchema.parse>;

  beforeAll(async () => {
    tmp = await makeTempDir('cli');
    database = await openTestDatabase('sqlite');
    const source = join(tmp.dir, 'arsip');
    await mkdir(source);
    await writeFile(join(source, 'surat.txt'), 'Surat Keputusan Rektor — ñ\n'.repeat(1000));
    await writeFile(join(source, 'acak.bin'), randomBytes(100_000));
    config = configSchema.parse({
      backup: {
        internalFolder: join(tmp.dir, 'backups'),
        targets: [{ name: 'arsip', kind: 'files', include: [source], retention: { keepLast: 1 }, schedule: '0 2 * * *' }],
        media: [{ label: 'FLASHDISK-01', kind: 'flash-disk', capacityBytes: 32e9, mountPoint: join(tmp.dir, 'usb') }],
      },
    });
    // A target registered in the database (BackupTarget row) joins the Daftar Backup.
    await database.db.organisation.create({ data: { id: config.organisation.id, name: 'Contoh' } }).catch(() => {});
    await database.db.backupTarget.create({ data: { id: 't2', organisationId: config.organisation.id, name: 'app-db', kind: 'sqlite', config: JSON.stringify({ path: join(tmp.dir, 'app.db') }) } });
  });
  afterAll(async () => {
    await database?.close();
    await tmp?.remove();
  });
  beforeEach(() => {
    output = [];
    process.exitCode = undefined;
  });

  async function cadang(...args: string[]): Promise<number> {
    const ctx: CliContext = {
      locale: 'id',
      loadConfig: async () => config,
      withDatabase: (work) => work(database.db, config),
      async withReader(work) {
        const reader = await openDatabaseReader(database.url);
        try {
          return await work(reader, config);
        } finally {
          await reader.close();
        }
      },
      definitions: async () => {
        throw new Error('not needed');
      },
      print: (text) => output.push(text),
    };
    const program = new Command('cadang').exitOverride();
    registerBackupCommands(program, ctx);
    registerDoctorCommand(program, ctx);
    await program.parseAsync(['node', 'cadang', ...args]);
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return code;
  }

  it('lists targets from the file and the database', async () => {
    expect(await cadang('targets', 'list')).toBe(0);
    expect(output).toEqual(['NAMA\tJENIS\tLOKASI\tTUJUAN\tJADWAL', 'arsip\tberkas\tserver ini\tinternal\t0 2 * * *', 'app-db\tSQLite\tserver ini\tinternal\t-']);
  });

  it('runs, verifies, detects damage, applies retention and refuses to overwrite on restore', async () => {
    expect(await cadang('backup', 'run', 'arsip')).toBe(0);
    expect(output[0]).toMatch(/^Backup arsip selesai: .* tersimpan di .*arsip-\d{8}T\d{6}Z\.tar\.zst dan sudah diverifikasi\.$/);
    const jobs = await database.db.backupJob.findMany({ where: { targetName: 'arsip' } });
    expect(jobs.map((job) => job.status)).toEqual(['succeeded']);

    expect(await cadang('backup', 'run', 'arsip', '--to', 'FLASHDISK-01')).toBe(3);
    expect(output.at(-2)).toMatch(/^Media penyimpanan FLASHDISK-01 tidak terpasang di /);

    expect(await cadang('backup', 'run', 'arsip')).toBe(0);
    output = [];
    expect(await cadang('verify', '--medium', 'internal')).toBe(0);
    expect(output.at(-1)).toBe('2 salinan baik, 0 rusak.');

    // Damage the newest copy: one byte flipped in the middle.
    const folder = join(config.backup.internalFolder, 'arsip');
    const copies = (await readdir(folder)).filter((name) => name.endsWith('.tar.zst')).sort();
    const handle = await open(join(folder, copies[1]!), 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, 100);
    await handle.write(Buffer.from([byte[0]! ^ 0xff]), 0, 1, 100);
    await handle.close();
    output = [];
    expect(await cadang('verify', join(folder, copies[1]!))).toBe(1);
    expect(output[0]).toMatch(/^RUSAK .*: checksum SHA-256 tidak sama dengan manifest$/);
    const damaged = await database.db.backupCopy.findFirst({ where: { path: join(folder, copies[1]!) } });
    expect(damaged?.verifyResult).toBe('checksum SHA-256 tidak sama dengan manifest');

    // keepLast 1 would keep only the damaged newest copy; the newest verified one stays too.
    output = [];
    expect(await cadang('retention', 'apply', '--dry-run')).toBe(0);
    expect(output).toEqual(['arsip @ internal', `  SIMPAN ${copies[1]} (salinan terakhir)`, `  SIMPAN ${copies[0]} (salinan baik terbaru)`, 'Uji coba: 0 salinan akan dihapus; tidak ada yang dihapus.']);

    output = [];
    const restoreTo = join(tmp.dir, 'pulih');
    expect(await cadang('restore', join(folder, copies[0]!), '--to', restoreTo)).toBe(0);
    expect(await cadang('restore', join(folder, copies[0]!), '--to', restoreTo)).toBe(5);
    expect(output.at(-1)).toBe(`${restoreTo} sudah ada dan berisi data; tambahkan --overwrite bila memang ingin menimpanya.`);
    expect(await cadang('restore', join(folder, copies[0]!), '--test')).toBe(0);
    expect(output.at(-1)).toBe('Uji pemulihan berhasil: 2 berkas sama dengan sumber.');

    // The damaged copy is refused before anything is written (exit 6); --force is in the help.
    const damagedTo = join(tmp.dir, 'pulih-rusak');
    expect(await cadang('restore', join(folder, copies[1]!), '--to', damagedTo)).toBe(6);
    expect(output.at(-1)).toMatch(/^Salinan .* rusak \(checksum SHA-256 tidak sama dengan manifest\); tidak ada yang dipulihkan dan tujuan tidak diubah\./);
    expect((await readdir(tmp.dir)).filter((name) => name.startsWith('pulih-rusak'))).toEqual([]);
    let help = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => ((help += chunk), true)) as typeof process.stdout.write;
    try {
      await cadang('restore', '--help').catch(() => {});
    } finally {
      process.stdout.write = write;
    }
    expect(help).toContain('--force');
    expect(help).toContain('checksum salinan tidak sama dengan manifestnya');
  });

  it('doctor lists tools with versions and unreachable targets', async () => {
    expect(await cadang('doctor')).toBe(1);
    expect(output).toContain('Program:');
    expect(output.some((line) => /^ {2}ada {5}tar: tar \(GNU tar\)/.test(line))).toBe(true);
    expect(output.some((line) => /^ {2}ada {5}ssh: OpenSSH_/.test(line))).toBe(true);
    expect(output).toContain('  media FLASHDISK-01: tidak terpasang (tidak diperlukan target mana pun)');
    expect(output).toContain('  terjangkau  arsip');
    expect(output.some((line) => line.startsWith('  TIDAK TERJANGKAU app-db: Data sumber untuk target app-db tidak ditemukan'))).toBe(true);
  });
});
