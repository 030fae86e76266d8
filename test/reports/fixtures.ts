/**
 * Sample inputs for the document tests, the benchmark and the README picture: a scheduled run of
 * SOP A at IAIN Pontianak on Monday 23 November 2026 (WIB) and a request of SOP B.
 */
import { createHash } from 'node:crypto';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import { profileFor, type DocumentProfile } from '../../src/reports/config.js';
import type {
  BackupItemInput,
  BackupReportInput,
  BeritaAcaraInput,
  ChecklistInput,
  PersonInput,
  ReplyLetterInput,
  RequestFormInput,
} from '../../src/reports/types.js';

/** The document profile of an SOP in the sample configuration (config/sample.yaml): its letterhead and numbering. */
export function sampleProfile(sop: 'sop_a_backup_terjadwal' | 'sop_b_backup_server' = 'sop_a_backup_terjadwal'): DocumentProfile {
  const profile = profileFor(loadConfig({ CADANG_CONFIG: sampleConfigFile }).config.reports, sop);
  if (!profile) throw new Error(`config/sample.yaml gives ${sop} no letterhead`);
  return profile;
}

export const kepalaPtid: PersonInput = { name: 'Dr. Hj. Siti Nur’aini, M.Kom.', nip: '197805122005012003', title: 'Kepala PTID' };
export const kasubbag: PersonInput = { name: 'Ahmad Fauzan Şahin, S.T.', nip: '198302142009101001', title: 'Kasubbag PTID' };
export const petugas: PersonInput = { name: 'Rina Marlina Pratiwi, S.Kom.', nip: '199001232019032015', title: 'Petugas Backup Data' };

/** 23 November 2026 01:00 WIB is 22 November 18:00 UTC: the day in words must be Monday the 23rd. */
export const runStart = new Date('2026-11-22T18:00:00Z');

const targets = [
  ['simpeg-db', 'postgres', 'internal', undefined, '/var/backups/cadang/simpeg-db/2026-11-23.dump.zst'],
  ['siakad-db', 'mysql', 'external', 'HDD-EXT-02', '/media/hdd-ext-02/cadang/siakad-db/2026-11-23.sql.zst'],
  ['e-learning-files', 'files', 'external', 'HDD-EXT-02', '/media/hdd-ext-02/cadang/e-learning/2026-11-23.tar.zst'],
  ['repository-mirror', 'mirror', 'external', 'SRV-DR-01', 'backup@dr.iainptk.ac.id:/srv/mirror/repository'],
  ['cadang-sqlite', 'sqlite', 'internal', undefined, '/var/backups/cadang/cadang-sqlite/2026-11-23.db.zst'],
] as const;

/** A checksum that is the same on every run, so the tests can look for it. */
export function sampleSha256(index: number): string {
  return createHash('sha256').update(`cadang-sample-${index}`).digest('hex');
}

/** `count` backup copies, starting at 01:00 WIB, each a few minutes long. */
export function sampleItems(count: number): BackupItemInput[] {
  return Array.from({ length: count }, (_, index) => {
    const [name, kind, placement, medium, location] = targets[index % targets.length]!;
    const suffix = count > targets.length ? `-${String(index + 1).padStart(3, '0')}` : '';
    const startedAt = new Date(runStart.getTime() + index * 95_000);
    return {
      targetName: `${name}${suffix}`,
      kind,
      placement,
      ...(medium ? { mediumLabel: medium } : {}),
      location: location.replace('2026-11-23', `2026-11-23${suffix}`),
      sizeBytes: 1_234_567 * (index + 1) * (index % 3 === 0 ? 1000 : 7),
      startedAt,
      finishedAt: new Date(startedAt.getTime() + 80_000 + index * 1000),
      verified: index % 17 !== 3,
      ...(index % 17 === 3 ? { verifyNote: 'checksum berbeda saat dibaca ulang' } : {}),
      sha256: sampleSha256(index),
    };
  });
}

export function sampleBeritaAcara(itemCount = 5): BeritaAcaraInput {
  return {
    number: '007/BA-BACKUP/PTID/2026',
    reference: { kind: 'scheduled-run', id: 'RUN-2026-11-23-01', title: 'Backup mingguan server akademik' },
    order: { person: kepalaPtid, at: new Date('2026-11-20T02:00:00Z') },
    issuedAt: new Date('2026-11-23T04:30:00Z'),
    items: sampleItems(itemCount),
    officer: { person: petugas, approvedAt: new Date('2026-11-23T04:31:00Z') },
    corrector: { person: kasubbag, approvedAt: new Date('2026-11-23T06:05:00Z') },
    head: { person: kepalaPtid, approvedAt: new Date('2026-11-23T07:12:00Z') },
  };
}

export const pemohon = { name: 'Budi Santoso Wiryawan', nip: '198811032014021002', phone: '0812-5678-9012', email: 'budi.santoso@batan.go.id' };
export const kepalaPusat: PersonInput = { name: 'Ir. Dewi Kartika Sari, M.Sc.', nip: '197011151995032001', title: 'Kepala Pusat Teknologi Bahan Industri Nuklir' };
export const administrator: PersonInput = { name: 'Yohanes Ñoviantoro', nip: '199205072018011003', title: 'Administrator Server' };
export const kabagTu: PersonInput = {
  name: 'Drs. Muhammad Iqbal Harahap',
  nip: '197506201998031002',
  title: 'Kepala Subbagian Persuratan',
  onBehalfOf: { title: 'Kepala Bagian Tata Usaha', mode: 'an' },
};

export function sampleRequestForm(): RequestFormInput {
  return {
    requestId: 'REQ-2026-0042',
    submittedAt: new Date('2026-11-16T02:15:00Z'),
    satker: 'Pusat Teknologi Bahan Industri Nuklir (PTBIN)',
    requester: pemohon,
    targets: { server: 'simpeg-db (10.10.2.15)', folder: '/srv/data/laporan-keuangan' },
    unitHead: { person: kepalaPusat, approvedAt: new Date('2026-11-16T03:00:00Z') },
    requesterApprovedAt: new Date('2026-11-16T02:15:00Z'),
    decision: { choice: 'postpone', reason: 'Media penyimpanan eksternal sedang penuh; dijadwalkan ulang pada 25 November 2026.', at: new Date('2026-11-17T01:40:00Z'), administrator },
  };
}

export function sampleChecklist(): ChecklistInput {
  const items = sampleItems(5);
  return {
    number: '007/CEKLIS/PTID/2026',
    reference: { kind: 'scheduled-run', id: 'RUN-2026-11-23-01', title: 'Backup mingguan server akademik' },
    scheduledFor: runStart,
    stage: 'filled',
    issuedAt: new Date('2026-11-23T04:00:00Z'),
    entries: [
      ...items.map((item, index) => ({
        targetName: item.targetName,
        kind: item.kind,
        placement: item.placement,
        mediumLabel: item.mediumLabel,
        location: item.location,
        result: index === 2 ? { status: 'failed' as const, reason: 'Disk HDD-EXT-02 penuh (No space left on device)' } : { status: 'done' as const, sizeBytes: item.sizeBytes },
      })),
      { targetName: 'arsip-surat-files', kind: 'files', placement: 'external', mediumLabel: 'FD-03', prepared: false, correction: { action: 'added', note: 'Ditambahkan sesuai Daftar Backup terbaru' }, result: { status: 'not-done', reason: 'Flashdisk FD-03 belum tersedia' } },
      { targetName: 'wiki-lama', kind: 'files', placement: 'internal', correction: { action: 'removed', note: 'Server sudah dinonaktifkan' } },
    ],
    officer: { person: petugas, approvedAt: new Date('2026-11-23T04:01:00Z') },
    corrector: { person: kasubbag, approvedAt: new Date('2026-11-21T03:00:00Z') },
  };
}

export function sampleReport(itemCount = 5): BackupReportInput {
  return {
    number: '007/LAP-BACKUP/PTID/2026',
    reference: { kind: 'request', id: 'REQ-2026-0042', requestNumber: 'ND-118/PTBIN/XI/2026', requester: { ...kepalaPusat, name: pemohon.name, nip: pemohon.nip, title: 'Pranata Komputer' }, satker: 'PTBIN', requestedAt: new Date('2026-11-16T02:15:00Z') },
    issuedAt: new Date('2026-11-23T05:00:00Z'),
    items: sampleItems(itemCount),
    failures: [{ targetName: 'laporan-keuangan-files', kind: 'files', reason: 'Folder /srv/data/laporan-keuangan tidak ditemukan di server', at: new Date('2026-11-22T18:20:00Z') }],
    approvals: [
      { person: { ...kepalaPusat, title: 'Ka. PPIKSN' }, at: new Date('2026-11-16T06:00:00Z'), choice: 'dispose', note: 'Mohon ditindaklanjuti' },
      { person: { name: 'Hendra Gunawan', nip: '197901012003121001', title: 'Kabid PJKKD' }, at: new Date('2026-11-16T08:00:00Z'), choice: 'approve' },
      { person: { name: 'Lestari Widodo', nip: '198004042006042004', title: 'Kasubbid Komdat' }, at: new Date('2026-11-17T01:00:00Z'), choice: 'approve', note: 'Sesuai spesifikasi layanan' },
    ],
    officer: { person: administrator, approvedAt: new Date('2026-11-23T05:01:00Z') },
    corrector: { person: { name: 'Lestari Widodo', nip: '198004042006042004', title: 'Kasubbid Komdat' }, approvedAt: new Date('2026-11-23T06:00:00Z') },
    head: { person: { name: 'Hendra Gunawan', nip: '197901012003121001', title: 'Kabid PJKKD' } },
  };
}

export function sampleReply(outcome: 'approved' | 'rejected' = 'approved'): ReplyLetterInput {
  return {
    number: '031/TU/XI/2026',
    issuedAt: new Date('2026-11-23T07:00:00Z'),
    recipient: { person: { name: pemohon.name, nip: pemohon.nip, title: 'Pranata Komputer' }, satker: 'Pusat Teknologi Bahan Industri Nuklir' },
    request: { id: 'REQ-2026-0042', number: 'ND-118/PTBIN/XI/2026', submittedAt: new Date('2026-11-16T02:15:00Z'), subjects: ['Nama Server: simpeg-db (10.10.2.15)', 'Nama Folder: /srv/data/laporan-keuangan'] },
    outcome,
    ...(outcome === 'rejected' ? { reason: 'Permohonan tidak sesuai dengan kebijakan backup server publik; data keuangan dicadangkan oleh Biro Keuangan.' } : { reportNumber: '007/LAP-BACKUP/PTID/2026', items: sampleItems(2) }),
    signer: { person: kabagTu, approvedAt: new Date('2026-11-23T07:05:00Z') },
    copies: ['Kepala PPIKSN', 'Kepala Bidang PJKKD'],
  };
}
