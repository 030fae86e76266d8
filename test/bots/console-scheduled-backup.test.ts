/**
 * SOP A end to end from its schedule: the Kepala PTID adds a schedule in the terminal chat, the
 * scheduler's own timer fires it (on a clock set just before the firing), and every person acts in
 * the terminal chat through to the archive. The backup is real (tar | zstd of a small folder onto
 * a "flash disk" folder) and the documents are really rendered and archived.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupTaskDetail } from '../../src/service/backup-task.js';
import { listArchivedDocuments } from '../../src/storage/document-repository.js';
import { listFirings, listScheduleChanges } from '../../src/storage/schedule-repository.js';
import { extractPages, flatten } from '../reports/pdf-text.js';
import { waitUntil, writeConfig } from '../support/service-processes.js';
import { ConsoleSession } from './console-harness.js';
import { findInternalCodes, internalCodes } from './internal-codes.js';

const at = (wib: string): Date => new Date(`${wib}+07:00`);

describe('terminal chat, SOP A from its schedule to the archived berita acara (real files backup)', () => {
  const work = mkdtempSync(join(tmpdir(), 'cadang-scheduled-e2e-'));
  const source = join(work, 'akademik');
  const medium = join(work, 'usb');
  // The workflow's clock: the real clock, moved to just before the firing when the test says so.
  let offset = 0;
  let session: ConsoleSession;

  beforeAll(async () => {
    mkdirSync(join(source, 'nilai'), { recursive: true });
    writeFileSync(join(source, 'nilai', 'semester-ganjil-2026.csv'), 'nim,nama,nilai\n1001,Ayu Lestari,A\n'.repeat(200));
    writeFileSync(join(source, 'wisudawan.txt'), 'Siti Nur’aini\n');
    mkdirSync(medium);
    writeFileSync(join(medium, '.cadang-medium'), 'USB-PTID-01\n');
    const config = writeConfig(work, {
      backup: {
        internalFolder: join(work, 'internal'),
        targets: [
          { name: 'berkas-akademik', kind: 'files', description: 'Berkas nilai akademik', include: [source] },
          { name: 'berkas-lain', kind: 'files', description: 'Berkas lain (tidak terjadwal)', include: [join(work, 'lain')] },
        ],
        media: [{ label: 'USB-PTID-01', kind: 'flash-disk', capacityBytes: 64e9, mountPoint: medium }],
      },
    });
    session = await ConsoleSession.open('sqlite', () => new Date(Date.now() + offset), { CADANG_CONFIG: config }, { realBackup: true });
  });
  afterAll(async () => {
    await session?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('fires, is ordered, prepared from the schedule\'s targets, backed up, corrected, countersigned and archived', async () => {
    const s = session;
    const { service } = s.core;
    await s.as('Ahmad Fauzi');
    // Monday 23 November 2026, two seconds before 02.00 WIB.
    offset = at('2026-11-23T01:59:58').getTime() - Date.now();
    expect(await s.type('/jadwal tambah harian berkas-akademik 0 2 * * *')).toContain('Jadwal harian ditambahkan: 0 2 * * *, target berkas-akademik. Perubahan ini tercatat.');

    // The scheduler's own timer fires at 02.00: SOP A starts with the schedule's targets, and the
    // Kepala PTID's order card names them.
    await waitUntil(() => /untuk Dr\. Ahmad Fauzi \(Kepala PTID\) ──\n📋 Backup Server Terjadwal #1/.test(s.transcript), 10_000, 'the order card of the firing');
    await s.runtime.settle();
    const [firing] = await listFirings(service.db, 'harian');
    expect(firing).toMatchObject({ fireAt: at('2026-11-23T02:00:00'), outcome: 'started' });
    const orderCard = (await s.type('/tugas')).split('── untuk').at(-1)!;
    expect(orderCard).toContain('Target terdaftar: berkas-akademik');
    expect(orderCard).toContain('Langkah 1: Memerintahkan petugas melakukan backup');

    const ordered = await s.tap('Perintahkan backup');
    expect(ordered).toMatch(/untuk Budi Santoso \(Petugas Backup Data\)[\s\S]*Target terdaftar: berkas-akademik[\s\S]*Langkah 2: Menyiapkan ceklis/);

    // The checklist is prepared from the schedule: its target is ticked, and the officer submits it as it is.
    await s.as('Budi Santoso');
    const picker = await s.tap('Ceklis siap, serahkan untuk dikoreksi');
    expect(picker).toContain('☑ berkas-akademik — Berkas nilai akademik');
    expect(picker).toContain('☐ berkas-lain');
    expect(await s.tap('Selesai')).toMatch(/untuk Rina Marlina \(Korektor \(Kasubbag PTID\)\)[\s\S]*Target terdaftar: berkas-akademik[\s\S]*Langkah 3/);
    await s.as('Rina Marlina');
    await s.tap('Ceklis benar');

    await s.as('Budi Santoso');
    expect(await s.tap('Media siap, salin data')).toContain('☐ USB-PTID-01 — terpasang');
    // The real backup runs as a job of the runtime's worker: tar | zstd onto the medium, verified.
    expect(await s.tap('☐ USB-PTID-01')).toMatch(/untuk Budi Santoso[\s\S]*Langkah 8: Mengisi ceklis/);
    const instance = (await s.core.service.directory.findRun('1'))!;
    const detail = instance.data.taskResults.salin_data!.detail as BackupTaskDetail;
    expect(instance.data.taskResults.salin_data!.outcome).toBe('succeeded');
    const [copy] = detail.copies;
    expect(copy).toMatchObject({ targetName: 'berkas-akademik', kind: 'files', mediumLabel: 'USB-PTID-01', verified: true });
    expect(copy!.location.startsWith(medium)).toBe(true);
    expect(existsSync(copy!.location)).toBe(true);
    expect(createHash('sha256').update(readFileSync(copy!.location)).digest('hex')).toBe(copy!.sha256);

    expect(await s.tap('Ceklis terisi')).toMatch(/untuk Rina Marlina[\s\S]*Langkah 10: Mengoreksi laporan dan berita acara/);
    await s.as('Rina Marlina');
    await s.tap('Laporan dan berita acara benar');
    await s.as('Ahmad Fauzi');
    await s.tap('Mengetahui, terbitkan berita acara dan laporan');
    await s.as('Budi Santoso');
    expect(await s.tap('Arsipkan')).toContain('🏁 Backup Server Terjadwal #1 selesai');

    // The trail says the run came from the schedule.
    expect(await s.type('/status 1')).toContain('Dimulai — Sistem Cadang — Jadwal Backup harian, 23/11/2026 02.00 WIB');
    expect((await listScheduleChanges(service.db, 'harian')).map((change) => [change.action, change.via, change.actorName])).toEqual([['add', 'chat', 'Dr. Ahmad Fauzi']]);

    // The archived, final berita acara names the target, the medium and the verified copy's checksum.
    const archived = await listArchivedDocuments(service.db, instance.id);
    const beritaAcara = archived.find((row) => row.kind === 'berita-acara' && row.status === 'final');
    expect(beritaAcara).toBeDefined();
    expect(existsSync(beritaAcara!.path)).toBe(true);
    const text = flatten(extractPages(readFileSync(beritaAcara!.path)));
    expect(text).toContain('BERITA ACARA');
    expect(text).toContain('berkas-akademik');
    expect(text).toContain('USB-PTID-01');
    expect(text.replace(/\s/g, '')).toContain(copy!.sha256);
    // The checklist lists the schedule's target as prepared.
    const checklist = archived.filter((row) => row.kind === 'checklist').at(-1)!;
    expect(flatten(extractPages(readFileSync(checklist.path)))).toContain('berkas-akademik');
    // Nothing a person read names an internal code (step, choice, outcome, refusal, SOP).
    expect(findInternalCodes(s.transcript, internalCodes(service.definitions, { plainWords: true }))).toEqual([]);
  }, 30_000);
});
