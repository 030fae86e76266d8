import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/app.js';
import { ChatNotifier } from '../../src/bots/chat-notifier.js';
import { createDocumentInputLoader } from '../../src/cli/document-input.js';
import type { CliContext } from '../../src/cli/context.js';
import { registerReportCommands } from '../../src/cli/report-commands.js';
import type { CadangConfig } from '../../src/config/schema.js';
import { formatDateTime } from '../../src/reports/dates.js';
import { profileFor } from '../../src/reports/config.js';
import { renderDocument } from '../../src/reports/render.js';
import { resolveRenderOptions } from '../../src/reports/options.js';
import type { BackupTaskDetail } from '../../src/service/backup-task.js';
import { createDocumentRunners, loadDocumentInput, readBackupRecord, type DocumentRunners, type RunFacts } from '../../src/service/documents/index.js';
import { documentMessages } from '../../src/service/documents/messages.js';
import { loadBuiltinDefinitions } from '../../src/workflow/builtin/index.js';
import { silentLog, type Log } from '../../src/service/log.js';
import type { Runtime } from '../../src/service/runtime.js';
import type { JobHandler } from '../../src/service/worker.js';
import { createStandInBackup } from '../support/stand-in-tasks.js';
import { RecordingPort } from '../support/recording-port.js';
import type { DecisionRequest, EventOutcome } from '../../src/service/workflow-service.js';
import { listArchivedDocuments } from '../../src/storage/document-repository.js';
import { listTrail, loadInstance } from '../../src/storage/workflow-repository.js';
import { extractPages, flatten } from '../reports/pdf-text.js';
import { openServiceFixture, requestForm, type ServiceFixture } from './service-fixture.js';

class DocumentPort extends RecordingPort {
  /** Who got a document whose file name starts with `stem`. */
  recipientsOf(stem: string, run: number): string[] {
    return this.documents.filter((sent) => sent.document.filename === `${stem}-${run}.pdf`).map((sent) => sent.chatId).sort();
  }
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const copySha = (name: string): string => createHash('sha256').update(name).digest('hex');

/** A fake executor: reports, in the real executor's detail shape, one verified copy per mapped target on the chosen medium. */
const copyingExecutor = (): JobHandler => ({
  async run({ run: { instance } }) {
    const detail: BackupTaskDetail = {
      copies: instance.data.targets.map((target, index) => ({
        targetName: target,
        kind: target === 'simpeg-db' ? 'postgres' : 'files',
        placement: 'external',
        mediumLabel: instance.data.medium,
        location: `/media/hdd-ptid-01/cadang/${target}/2026-11-23.zst`,
        sizeBytes: 1_500_000 * (index + 1),
        startedAt: '2026-11-23T03:00:00Z',
        finishedAt: '2026-11-23T03:05:00Z',
        verified: true,
        sha256: copySha(target),
        manifestPath: `/media/hdd-ptid-01/cadang/${target}/2026-11-23.zst.manifest.json`,
      })),
      failures: [],
    };
    return { status: 'succeeded', result: detail };
  },
  complete: (jobs) => ({ outcome: 'succeeded', summary: 'copied', detail: jobs[0]!.result }),
});

/** A logger that keeps the messages of its lines. */
function recordingLog(lines: string[]): Log {
  const log: Log = { info: () => undefined, warn: (_fields, message) => void lines.push(message), error: (_fields, message) => void lines.push(message), child: () => log };
  return log;
}

describe('documents issued as runs move (SQLite)', () => {
  let fixture: ServiceFixture;
  let archive: string;
  let config: CadangConfig;
  let port: DocumentPort;
  let runners: DocumentRunners;
  let backup: JobHandler;
  let runtime: Runtime;
  const logged: string[] = [];
  // Every reading of the clock is a minute later, so decisions have distinct, ordered times.
  let now = Date.parse('2026-11-23T01:00:00Z');
  const clock = (): Date => new Date((now += 60_000));

  beforeAll(async () => {
    fixture = await openServiceFixture('sqlite', {}, clock);
    archive = await mkdtemp(join(tmpdir(), 'cadang-documents-'));
    config = { ...fixture.core.config, reports: { ...fixture.core.config.reports, archiveFolder: archive } };
    const { service } = fixture.core;
    port = new DocumentPort();
    const notifier = new ChatNotifier({ service, port, chatIdOf: async (person) => `dm:${person.name}`, channelId: 'kanal', adminRoles: ['administrator'], log: (message) => void logged.push(message) });
    runners = createDocumentRunners({ service, config, log: recordingLog(logged) });
    backup = createStandInBackup(service.locale);
    // Indirections, so a test can swap the executor or the renderer.
    runtime = createRuntime(fixture.core, {
      notifiers: [notifier], queues: ['main'], reports: config.reports, log: recordingLog(logged), timing: { pollMs: 20 },
      handlers: {
        backup: { run: (context) => backup.run(context), complete: (jobs, run) => backup.complete!(jobs, run) },
        'render-documents': { run: (context) => runners.renderTask.run(context), complete: (jobs, run) => runners.renderTask.complete!(jobs, run) },
        'render-document': { run: (context) => runners.documents.run(context) },
      },
    });
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.stop();
    await fixture?.close();
    if (archive) await rm(archive, { recursive: true, force: true });
  });

  async function decide(instanceId: string, stepId: string, choiceId: string, name: string, extra: Partial<DecisionRequest> = {}): Promise<EventOutcome & { status: 'accepted' }> {
    const outcome = await fixture.core.service.decide({ instanceId, stepId, choiceId, person: await fixture.person(name), key: `${stepId}-${choiceId}-${Math.random()}`, ...extra });
    if (outcome.status !== 'accepted') throw new Error(`${stepId}/${choiceId}: ${JSON.stringify(outcome)}`);
    await runtime.settle();
    return outcome;
  }

  async function submit(form: Record<string, string>): Promise<{ id: string; number: number }> {
    const outcome = await fixture.core.service.submitRequest('sop_b_backup_server', await fixture.person('Siti'), form, `submit-${Math.random()}`);
    if (outcome.status !== 'accepted') throw new Error(JSON.stringify(outcome));
    await decide(outcome.instance.id, 'disposisi_ka_ppiksn', 'disposisi', 'Bambang');
    return { id: outcome.instance.id, number: outcome.instance.number };
  }

  /**
   * The archived documents of a run, each checked against its file, with the PDF's text: by kind,
   * the one that counts (not superseded); all of them, drafts too, under `all`.
   */
  async function archived(instanceId: string): Promise<Map<string, { id: string; number: string | null; status: string; supersededById: string | null; text: string }> & { all: Array<{ id: string; kind: string; number: string | null; status: string; supersededById: string | null; text: string }> }> {
    const rows = await listArchivedDocuments(fixture.core.service.db, instanceId);
    const documents = Object.assign(new Map<string, { id: string; number: string | null; status: string; supersededById: string | null; text: string }>(), { all: [] as Array<{ id: string; kind: string; number: string | null; status: string; supersededById: string | null; text: string }> });
    for (const row of rows) {
      const bytes = await readFile(row.path);
      expect(sha256(bytes), `${row.kind} checksum`).toBe(row.sha256);
      expect(row.path.startsWith(archive)).toBe(true);
      const document = { id: row.id, kind: row.kind, number: row.number, status: row.status, supersededById: row.supersededById, text: flatten(extractPages(bytes)) };
      documents.all.push(document);
      if (!row.supersededById) documents.set(row.kind, document);
    }
    return documents;
  }

  it('SOP B approved: Kabag TU sends the reply with the report and FM 001 to the requester and the channel', async () => {
    const run = await submit({ ...requestForm, satker: 'Pusat Pendayagunaan Informatika dan Kawasan Strategis Nuklir', nama_aplikasi: 'SIMPEG' });
    await decide(run.id, 'seleksi_kabid', 'setujui', 'Dewi');
    await decide(run.id, 'seleksi_kasubbid', 'setujui', 'Agus');
    await decide(run.id, 'proses_administrator', 'ditindaklanjuti', 'Rudi', { inputs: { targets: ['simpeg-db'] } });
    await decide(run.id, 'laporan_kasubbid', 'teruskan', 'Agus');
    await decide(run.id, 'laporan_kabid', 'teruskan', 'Dewi');
    expect(await listArchivedDocuments(fixture.core.service.db, run.id)).toHaveLength(0);
    await decide(run.id, 'balasan_kabag_tu', 'kirim_balasan', 'Sri');

    const documents = await archived(run.id);
    expect([...documents.keys()].sort()).toEqual(['backup-report', 'reply-letter', 'request-form']);
    const reply = documents.get('reply-letter')!;
    expect(reply.number).toMatch(/^\d{3}\/TU\/PPIKSN\/XI\/2026$/);
    // SOP B's documents carry BATAN PPIKSN's letterhead and numbers, not IAIN Pontianak's.
    for (const kind of ['reply-letter', 'backup-report', 'request-form']) {
      expect(documents.get(kind)!.text).toContain('BADAN TENAGA NUKLIR NASIONAL PUSAT PENDAYAGUNAAN INFORMATIKA DAN KAWASAN STRATEGIS NUKLIR');
      expect(documents.get(kind)!.text).not.toMatch(/IAIN|PTID|Pontianak/);
    }
    expect(reply.text).toContain('Tangerang Selatan, ');
    expect(reply.text).toContain(`: ${reply.number}`);
    expect(reply.text).toContain('Yth. Siti Rahmawati');
    expect(reply.text).toContain('Nama Server: srv-simpeg');
    expect(reply.text).toContain('Nama Aplikasi: SIMPEG');
    expect(reply.text).toContain('telah disetujui');
    const report = documents.get('backup-report')!;
    expect(report.number).toMatch(/^\d{3}\/LAP-BACKUP\/PPIKSN\/2026$/);
    expect(reply.text).toContain(`Laporan Pelaksanaan Backup Data Nomor ${report.number}`);
    expect(reply.text).toMatch(/Kabag TU, Sri Wahyuni NIP\. 197312251998032002 Disetujui melalui Cadang/);
    expect(reply.text).toMatch(/Tembusan: 1\. Ka\. PPIKSN 2\. Kabid PJKKD 3\. Kasubbid Komdat 4\. Administrator/);

    // The stand-in made no copies, and the report says so rather than listing any.
    expect(report.text).toContain('Tidak ada salinan backup yang dihasilkan');
    expect(report.text).toContain('Belum ada salinan: langkah backup dijalankan oleh tugas pengganti');
    expect(report.text).toContain(`Permohonan layanan backup server nomor #${run.number}`);
    // Signature blocks (side by side, so checked by their parts): all three approved after the backup began.
    for (const signer of ['Yang memeriksa, Kasubbid Komdat,', 'Yang membuat, Administrator,', 'Mengetahui, Kabid PJKKD,', 'Agus Salim NIP. 198109302006041002', 'Rudi Hermawan NIP. 198806112012121001', 'Dewi Lestari NIP. 197704022002122001']) {
      expect(report.text).toContain(signer);
    }
    expect(report.text.match(/Disetujui melalui Cadang/g)).toHaveLength(3);
    expect(report.text).toContain('Setujui dan disposisikan ke Administrator');

    const form = documents.get('request-form')!;
    for (const fact of ['FORMULIR BACKUP SERVER', 'Siti Rahmawati', '199202292015032001', '081234567890', 'siti@contoh.go.id', 'srv-simpeg', 'SIMPEG', 'Ditindaklanjuti', 'Rudi Hermawan', '198806112012121001']) {
      expect(form.text).toContain(fact);
    }
    // The unit head is the registered Kepala Pusat of the requester's satker, not yet approved in Cadang.
    expect(form.text).toContain('Ir. Bambang Hartono NIP. 196908141995031001');
    expect(form.text).toContain('Belum disetujui melalui Cadang');

    expect(port.recipientsOf('balasan', run.number)).toEqual(['dm:Siti Rahmawati', 'kanal']);
    expect(port.recipientsOf('laporan-backup', run.number)).toEqual(['dm:Siti Rahmawati', 'kanal']);
    expect(port.recipientsOf('formulir-fm001', run.number)).toEqual(['dm:Siti Rahmawati', 'kanal']);
    expect(port.documents.find((sent) => sent.document.filename === `balasan-${run.number}.pdf`)?.document.caption).toBe(`Balasan permohonan #${run.number} — Nomor ${reply.number}`);
  });

  it('SOP B rejected: the reply carries the Kabid\'s reason; without a registered unit head FM 001 leaves that block blank', async () => {
    const run = await submit(requestForm); // satker Biro Umum: no Kepala Biro registered
    // A reason that could not stand in an official letter is refused before any letter is made.
    for (const [reason, code] of [['Server tidak termasuk layanan publik. '.repeat(14), 'reason-too-long'], ['-', 'reason-too-short']] as const) {
      const refused = await fixture.core.service.decide({ instanceId: run.id, stepId: 'seleksi_kabid', choiceId: 'tolak', person: await fixture.person('Dewi'), key: `long-${code}`, reason });
      expect(refused).toMatchObject({ status: 'refused', code });
    }
    expect((await loadInstance(fixture.core.service.db, run.id))?.currentStep).toBe('seleksi_kabid');
    await decide(run.id, 'seleksi_kabid', 'tolak', 'Dewi', { reason: 'Server tidak termasuk layanan publik' });
    await decide(run.id, 'balasan_kabag_tu', 'kirim_balasan', 'Sri');

    const documents = await archived(run.id);
    expect([...documents.keys()].sort()).toEqual(['reply-letter', 'request-form']);
    const reply = documents.get('reply-letter')!.text;
    expect(reply).toContain('belum dapat kami setujui dengan alasan: Server tidak termasuk layanan publik');
    expect(reply).not.toContain('layanan publik. Server tidak termasuk');
    expect(reply).toMatch(/Tembusan: 1\. Ka\. PPIKSN 2\. Kabid PJKKD/);
    expect(documents.get('request-form')!.text).toContain('(.......................................)');
    expect(port.recipientsOf('balasan', run.number)).toEqual(['dm:Siti Rahmawati', 'kanal']);
  });

  it('SOP B postponed: the Administrator\'s reason reaches FM 001 and the reply, which a Plh. Kabag TU signs', async () => {
    const { service } = fixture.core;
    const [sri, yusuf] = [await fixture.person('Sri'), await fixture.person('Yusuf')];
    await service.db.roleAssignment.create({ data: { id: 'plh-kabag-tu', organisationId: service.organisationId, role: 'kabag_tu', personId: yusuf.id, onBehalfOfId: sri.id, delegationKind: 'Plh.' } });
    try {
      const run = await submit({ ...requestForm, satker: 'Pusat Teknologi Informasi dan Data', nama_folder: '/srv/arsip' });
      await decide(run.id, 'seleksi_kabid', 'setujui', 'Dewi');
      await decide(run.id, 'seleksi_kasubbid', 'setujui', 'Agus');
      await decide(run.id, 'proses_administrator', 'ditunda', 'Rudi', { reason: 'Media penyimpanan penuh sampai pekan depan' });
      await decide(run.id, 'laporan_kasubbid', 'teruskan', 'Agus');
      await decide(run.id, 'laporan_kabid', 'teruskan', 'Dewi');
      await decide(run.id, 'balasan_kabag_tu', 'kirim_balasan', 'Yusuf');

      const documents = await archived(run.id);
      expect([...documents.keys()].sort()).toEqual(['reply-letter', 'request-form']);
      const reply = documents.get('reply-letter')!.text;
      expect(reply).toContain('alasan: permohonan ditunda oleh Administrator — Media penyimpanan penuh sampai pekan depan');
      expect(reply).toMatch(/Plh\. Kabag TU, Yusuf Maulana NIP\. 199407082019031003 Disetujui melalui Cadang/);
      const form = documents.get('request-form')!.text;
      expect(form).toContain('Media penyimpanan penuh sampai pekan depan');
      expect(form).toContain('/srv/arsip');
      expect(form).toContain('Dr. Ahmad Fauzi NIP. 197805122005011002'); // Kepala PTID heads the satker PTID
    } finally {
      await service.db.roleAssignment.delete({ where: { id: 'plh-kabag-tu' } });
    }
  });

  it('SOP A: the checklist goes to the corrector; drafts for checking at step 9; the final numbered berita acara and laporan carry every approval', async () => {
    const { service } = fixture.core;
    backup = copyingExecutor();
    try {
      const started = await service.start('sop_a_backup_terjadwal', await fixture.person('Ahmad Fauzi'), `order-${Math.random()}`);
      if (started.status !== 'accepted') throw new Error(JSON.stringify(started));
      const run = { id: started.instance.id, number: started.instance.number };
      await decide(run.id, 'perintah_backup', 'perintahkan', 'Ahmad Fauzi');
      await decide(run.id, 'siapkan_ceklis', 'ceklis_siap', 'Budi', { inputs: { targets: ['simpeg-files'] } });
      expect(port.recipientsOf('ceklis', run.number)).toEqual(['dm:Rina Marlina']);
      await decide(run.id, 'koreksi_ceklis', 'kembalikan', 'Rina', { reason: 'Basis data SIMPEG belum masuk' });
      await decide(run.id, 'siapkan_ceklis', 'ceklis_siap', 'Budi', { inputs: { targets: ['simpeg-files', 'simpeg-db'] } });
      await decide(run.id, 'koreksi_ceklis', 'setujui', 'Rina');
      await decide(run.id, 'siapkan_media', 'media_siap', 'Budi', { inputs: { medium: 'HDD-PTID-01' } });
      await decide(run.id, 'isi_ceklis', 'ceklis_terisi', 'Budi');

      // Step 8: the filled checklist, issued as a PDF with each target's result, to the officer and the corrector.
      let documents = await archived(run.id);
      const filled = documents.get('checklist')!;
      const filledLayout = extractPages(await readFile((await listArchivedDocuments(service.db, run.id)).find((row) => row.id === filled.id)!.path), { layout: true }).join('\n');
      expect(filledLayout).toMatch(/Status ceklis\s+: Diisi/);
      expect(filledLayout).toMatch(/^\s*1\s+simpeg-files\s+Berkas\s+Eksternal\s+HDD-PTID-01:\s+☑ Ya\s+☑ Selesai\s+1,50 MB$/m);
      expect(filledLayout).toMatch(/^\s*2\s+simpeg-db\s+PostgreSQL\s+Eksternal\s+HDD-PTID-01:\s+☐ Tidak\s+Ditambahkan:\s+☑ Selesai\s+3,00 MB$/m);
      expect(filled.text).toContain('Jumlah target: 2; selesai: 2');
      // Each checklist supersedes the one before: prepared, prepared again after the return, filled.
      const checklists = documents.all.filter((document) => document.kind === 'checklist');
      expect(checklists.map((document) => document.supersededById)).toEqual([checklists[1]!.id, filled.id, null]);
      expect(port.documents.filter((sent) => sent.document.caption === `Ceklis backup data #${run.number} (terisi)`).map((sent) => sent.chatId).sort()).toEqual(['dm:Budi Santoso', 'dm:Rina Marlina']);

      // Step 9: drafts, clearly marked and unnumbered, for the corrector to check.
      let instance = await loadInstance(service.db, run.id);
      expect(instance?.currentStep).toBe('koreksi_laporan');
      const result = instance!.data.taskResults.buat_berita_acara!;
      expect(result.outcome).toBe('succeeded');
      expect(result.summary).toBe('Draf berita acara dan laporan dibuat untuk dikoreksi');
      expect(result.detail).toEqual({
        documents: [
          { kind: 'berita-acara', status: 'draft', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), path: expect.stringContaining(archive) },
          { kind: 'backup-report', status: 'draft', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), path: expect.stringContaining(archive) },
        ],
      });
      const draft = documents.get('berita-acara')!;
      expect(draft).toMatchObject({ status: 'draft', number: null });
      expect(draft.text).toContain('DRAF untuk dikoreksi — nomor diberikan setelah disetujui');
      expect(draft.text).not.toContain('Nomor: ');
      expect(draft.text).toContain('Pada hari ini, Senin, tanggal dua puluh tiga, bulan November');
      expect(draft.text).toMatch(/Nama : Budi Santoso NIP : 199001052015031001 Jabatan : Petugas Backup Data/);
      expect(draft.text).toContain('atas perintah Kepala PTID Dr. Ahmad Fauzi (NIP. 197805122005011002)');
      expect(draft.text).toContain(copySha('simpeg-db'));
      // Only the officer has approved the draft.
      expect(draft.text.match(/Disetujui melalui Cadang/g)).toHaveLength(1);
      expect(draft.text.match(/Belum disetujui melalui Cadang/g)).toHaveLength(2);
      expect(documents.get('backup-report')!.text).toContain('DRAF untuk dikoreksi');
      for (const stem of ['berita-acara', 'laporan-backup']) {
        expect(port.documents.filter((sent) => sent.document.filename === `${stem}-${run.number}-draf.pdf`).map((sent) => sent.chatId).sort()).toEqual(['dm:Budi Santoso', 'dm:Dr. Ahmad Fauzi', 'dm:Rina Marlina']);
      }

      // Step 10: the corrector checks, the Kepala PTID countersigns; that issues the final documents.
      await decide(run.id, 'koreksi_laporan', 'setujui', 'Rina');
      expect((await archived(run.id)).get('berita-acara')!.status).toBe('draft');
      // The Kepala PTID returns it: the checklist is filled again and a new draft made, which no earlier approval signs.
      await decide(run.id, 'pengesahan_laporan', 'kembalikan', 'Ahmad Fauzi', { reason: 'Lampiran checksum mohon diperiksa ulang' });
      await decide(run.id, 'isi_ceklis', 'ceklis_terisi', 'Budi');
      documents = await archived(run.id);
      const redraft = documents.get('berita-acara')!;
      const reportRedraft = documents.get('backup-report')!;
      expect(redraft).toMatchObject({ status: 'draft', number: null });
      expect(redraft.id).not.toBe(draft.id);
      expect(redraft.text.match(/Belum disetujui melalui Cadang/g)).toHaveLength(2);
      await decide(run.id, 'koreksi_laporan', 'setujui', 'Rina');
      await decide(run.id, 'pengesahan_laporan', 'sahkan', 'Ahmad Fauzi');
      instance = await loadInstance(service.db, run.id);
      expect(instance?.currentStep).toBe('arsipkan');

      documents = await archived(run.id);
      const ba = documents.get('berita-acara')!;
      const report = documents.get('backup-report')!;
      expect(ba).toMatchObject({ status: 'final', number: expect.stringMatching(/^\d{3}\/BA-BACKUP\/PTID\/2026$/) });
      expect(report).toMatchObject({ status: 'final', number: expect.stringMatching(/^\d{3}\/LAP-BACKUP\/PTID\/2026$/) });
      // The drafts stay in the archive, linked to the final documents that superseded them.
      expect(documents.all.filter((document) => document.status === 'draft').map((document) => [document.kind, document.supersededById])).toEqual([
        ['berita-acara', redraft.id],
        ['backup-report', reportRedraft.id],
        ['berita-acara', ba.id],
        ['backup-report', report.id],
      ]);
      expect(ba.text).toContain(`Nomor: ${ba.number}`);
      expect(ba.text).not.toMatch(/\bDRAF\b/);
      const trail = await listTrail(service.db, run.id);
      const approvedAt = (stepId: string): string => formatDateTime(trail.filter((entry) => entry.accepted && entry.stepId === stepId).at(-1)!.at, 'Asia/Jakarta');
      for (const signer of ['Yang memeriksa, Korektor (Kasubbag PTID),', 'Yang membuat, Petugas Backup Data,', 'Mengetahui, Kepala PTID,', 'Rina Marlina NIP. 198203172008012004', 'Budi Santoso NIP. 199001052015031001', 'Dr. Ahmad Fauzi NIP. 197805122005011002']) {
        expect(ba.text).toContain(signer);
      }
      // Every signer's approval time: the officer's (checklist filled), the Korektor's and the Kepala PTID's (step 10).
      expect(ba.text).not.toContain('Belum disetujui');
      for (const stepId of ['isi_ceklis', 'koreksi_laporan', 'pengesahan_laporan']) {
        expect(ba.text).toContain(`Disetujui melalui Cadang pada ${approvedAt(stepId)}`);
        expect(report.text).toContain(`Disetujui melalui Cadang pada ${approvedAt(stepId)}`);
      }
      expect(new Set([approvedAt('isi_ceklis'), approvedAt('koreksi_laporan'), approvedAt('pengesahan_laporan')]).size).toBe(3);
      expect(report.text).toContain('Basis data SIMPEG belum masuk'); // the return, among the decisions
      expect(report.text).not.toContain('Belum ada salinan');
      for (const stem of ['berita-acara', 'laporan-backup']) {
        expect(port.recipientsOf(stem, run.number)).toEqual(['dm:Budi Santoso', 'dm:Dr. Ahmad Fauzi', 'dm:Rina Marlina', 'kanal']);
      }

      // The stored run gives the final document again, with its number.
      const stored = await loadDocumentInput(service.db, service.definitions, config, `#${run.number}`, 'berita-acara');
      expect(stored.number).toBe(ba.number);
      expect(stored.head).toMatchObject({ person: { name: 'Dr. Ahmad Fauzi' }, approvedAt: expect.any(Date) });
      const checklist = await loadDocumentInput(service.db, service.definitions, config, run.id, 'checklist');
      expect(checklist).toMatchObject({
        stage: 'filled',
        entries: [
          { targetName: 'simpeg-files', kind: 'files', prepared: true, mediumLabel: 'HDD-PTID-01', result: { status: 'done', sizeBytes: 1_500_000 } },
          { targetName: 'simpeg-db', kind: 'postgres', prepared: false, correction: { action: 'added', note: 'Dikembalikan korektor: Basis data SIMPEG belum masuk' }, result: { status: 'done', sizeBytes: 3_000_000 } },
        ],
      });
      const text = flatten(extractPages(await renderDocument('checklist', checklist as never, await resolveRenderOptions(profileFor(config.reports, 'sop_a_backup_terjadwal')!))));
      expect(text).toContain('Ditambahkan:');
      expect(text).toContain('Dikembalikan korektor: Basis data SIMPEG belum masuk');
      expect(text).toContain('Jumlah target: 2; selesai: 2');
    } finally {
      backup = createStandInBackup(service.locale);
    }
  });

  it('SOP A: when rendering fails, the task fails with the reason in Indonesian and the officer fills the checklist again', async () => {
    const { service } = fixture.core;
    const working = runners;
    const sopA = config.reports.sops.sop_a_backup_terjadwal!;
    const broken = { ...sopA, letterhead: { ...sopA.letterhead!, logo: join(archive, 'tidak-ada.png') } };
    runners = createDocumentRunners({ service, config: { ...config, reports: { ...config.reports, sops: { ...config.reports.sops, sop_a_backup_terjadwal: broken } } }, log: silentLog });
    try {
      const started = await service.start('sop_a_backup_terjadwal', await fixture.person('Ahmad Fauzi'), `order-${Math.random()}`);
      if (started.status !== 'accepted') throw new Error(JSON.stringify(started));
      const id = started.instance.id;
      await decide(id, 'perintah_backup', 'perintahkan', 'Ahmad Fauzi');
      await decide(id, 'siapkan_ceklis', 'ceklis_siap', 'Budi', { inputs: { targets: ['simpeg-db'] } });
      await decide(id, 'koreksi_ceklis', 'setujui', 'Rina');
      await decide(id, 'siapkan_media', 'media_siap', 'Budi', { inputs: { medium: 'HDD-PTID-01' } });
      await decide(id, 'isi_ceklis', 'ceklis_terisi', 'Budi');

      const instance = await loadInstance(service.db, id);
      expect(instance?.currentStep).toBe('isi_ceklis');
      expect(instance?.data.taskResults.buat_berita_acara).toMatchObject({ outcome: 'failed', summary: expect.stringMatching(/^Berita acara dan laporan tidak dapat dibuat: Logo kop surat tidak dapat dibaca: .*tidak-ada\.png/) });
      const trail = await listTrail(service.db, id);
      expect(trail.at(-1)).toMatchObject({ type: 'task-result', stepId: 'buat_berita_acara', choice: 'failed' });
      expect(await listArchivedDocuments(service.db, id)).toHaveLength(0);
    } finally {
      runners = working;
    }
  });

  it('`cadang report berita-acara #N` reproduces an issued document from the stored run', async () => {
    const { service } = fixture.core;
    const [row] = await service.db.archivedDocument.findMany({ where: { kind: 'berita-acara', status: 'final' }, orderBy: { createdAt: 'asc' }, take: 1 });
    const instance = await loadInstance(service.db, row!.instanceId!);
    const printed: string[] = [];
    const ctx = {
      locale: 'id' as const,
      loadConfig: async () => config,
      definitions: async () => service.definitions,
      withDatabase: async <T>(work: (db: typeof service.db, c: CadangConfig) => Promise<T>) => work(service.db, config),
      print: (text: string) => void printed.push(text),
    } satisfies Pick<CliContext, 'locale' | 'loadConfig' | 'definitions' | 'withDatabase' | 'print'>;
    const program = new Command().exitOverride();
    registerReportCommands(program, ctx as unknown as CliContext, { loadInput: createDocumentInputLoader(ctx) });
    const out = join(archive, 'ba-cli.pdf');
    await program.parseAsync(['node', 'cadang', 'report', 'berita-acara', `#${instance!.number}`, '--out', out]);
    const text = flatten(extractPages(await readFile(out)));
    expect(text).toContain(`Nomor: ${row!.number}`);
    expect(text.match(/Disetujui melalui Cadang/g)).toHaveLength(3); // officer, corrector and head
    await expect(program.parseAsync(['node', 'cadang', 'report', 'reply-letter', `#${instance!.number}`, '--out', out])).rejects.toThrow(/bukan permohonan/);
  });
});

describe('reading the backup step\'s result', () => {
  const sopB = loadBuiltinDefinitions().find((definition) => definition.key === 'sop_b_backup_server')!;
  const factsWith = (detail: unknown, outcome = 'failed'): RunFacts => ({
    definition: sopB,
    definitions: [sopB],
    instance: {
      id: 'run-1', organisationId: 'contoh', number: 7, definitionKey: sopB.key, definitionVersion: sopB.version, status: 'open', outcome: 'approved',
      currentStep: 'proses_administrator', requesterId: null, version: 9, stepEnteredAt: { jalankan_backup: '2026-11-23T03:00:00.000Z' },
      data: { form: {}, targets: ['simpeg-db', 'hantu'], taskResults: { jalankan_backup: { outcome, summary: 'backup tidak selesai', detail } } },
    },
    config: { organisation: { id: 'contoh', name: 'Contoh' }, locale: 'id', backup: { targets: [{ name: 'simpeg-db', kind: 'postgres' }] }, reports: {} } as unknown as RunFacts['config'],
    locale: 'id', msg: documentMessages('id'), trail: [], requester: null, now: new Date(), db: undefined as unknown as RunFacts['db'],
  });

  it('lists the executor\'s failures by target, and a failure of an unregistered target as a note', () => {
    const record = readBackupRecord(factsWith({
      copies: [],
      failures: [{ targetName: 'simpeg-db', status: 'failed', message: 'Login ke sumber data simpeg-db ditolak' }, { targetName: 'hantu', status: 'failed', message: 'target "hantu" tidak ada di Daftar Backup' }],
    }));
    expect(record).toMatchObject({ standIn: false, items: [], failures: [{ targetName: 'simpeg-db', kind: 'postgres', reason: 'Login ke sumber data simpeg-db ditolak' }] });
    expect(record?.notes).toEqual(['Gagal (hantu): target "hantu" tidak ada di Daftar Backup.']);
  });

  it('says plainly when it cannot read the detail, instead of guessing', () => {
    expect(readBackupRecord(factsWith({ copies: [{ targetName: 'simpeg-db', sizeBytes: -1 }] }, 'succeeded'))).toMatchObject({ items: [], notes: ['Rincian hasil backup tidak dapat dibaca; salinan tidak dicantumkan.'] });
  });
});

describe('an SOP that issues documents needs a letterhead', () => {
  it('is refused at start, naming where to add it, in Indonesian and English', async () => {
    const { loadConfig } = await import('../../src/config/load.js');
    const { openCore } = await import('../../src/app.js');
    const { missingLetterheads } = await import('../../src/service/documents/letterheads.js');
    const { mkdtemp: makeTemp, writeFile } = await import('node:fs/promises');
    const folder = await makeTemp(join(tmpdir(), 'cadang-letterhead-'));
    try {
      // Only SOP A has a letterhead; SOP B issues the reply, the laporan and FM 001.
      const file = join(folder, 'cadang.yaml');
      await writeFile(file, [
        'database: { url: "file::memory:" }',
        'reports:',
        '  sops:',
        '    sop_a_backup_terjadwal:',
        '      letterhead: { lines: [IAIN PONTIANAK], city: Pontianak }',
      ].join('\n'));
      const loaded = loadConfig({ CADANG_CONFIG: file });
      await expect(openCore(loaded)).rejects.toMatchObject({
        code: 'config-invalid',
        message: expect.stringContaining(`Konfigurasi tidak sah (1 masalah):\n  - ${file} reports.sops.sop_b_backup_server.letterhead: SOP "Layanan Backup Server (permohonan)" menerbitkan dokumen`),
      });
      const sops = loadBuiltinDefinitions();
      expect(missingLetterheads(loaded.config.reports, sops, 'en')).toEqual([
        { where: 'reports.sops.sop_b_backup_server.letterhead', message: expect.stringMatching(/issues documents .* but has no letterhead\. Fill in reports\.sops\.sop_b_backup_server\.letterhead/) },
      ]);
      // An organisation-wide letterhead serves every SOP.
      expect(missingLetterheads({ ...loaded.config.reports, letterhead: { lines: ['ORGANISASI'], city: 'Jakarta' } }, sops, 'id')).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
