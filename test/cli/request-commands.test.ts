import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src/app.js';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import { findPeople } from '../../src/storage/people-repository.js';
import { loadBuiltinDefinitions } from '../../src/workflow/builtin/index.js';
import { requestForm } from '../service/service-fixture.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cadang-cli-'));
// Wall-clock time: the request is made "6 hours ago" by the real clock, whatever the hour.
const env = { ...process.env, CADANG_CONFIG: sampleConfigFile, DATABASE_URL: `file:${join(dir, 'cadang.db')}`, CADANG_LOCALE: 'id', CADANG_CALENDAR_MODE: 'wall-clock' };

async function cadang(...args: string[]): Promise<{ code: number; stdout: string }> {
  return cadangIn('id', ...args);
}

async function cadangIn(locale: 'id' | 'en', ...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['bin/cadang.js', ...args], { env: { ...env, CADANG_LOCALE: locale } });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout + failed.stderr };
  }
}

beforeAll(async () => {
  // A request decided twice, 6 hours ago by the clock, so Kabid's 5-hour step is overdue now.
  const sixHoursAgo = new Date(Date.now() - 6 * 3600_000);
  const core = await openCore(loadConfig(env), { clock: () => sixHoursAgo });
  const person = async (name: string) => (await findPeople(core.service.db, core.service.organisationId, name))[0]!;
  const submitted = await core.service.submitRequest('sop_b_backup_server', await person('Siti'), requestForm, 'cli-submit');
  if (submitted.status !== 'accepted') throw new Error('submit failed');
  await core.service.decide({ instanceId: submitted.instance.id, stepId: 'disposisi_ka_ppiksn', choiceId: 'disposisi', reason: 'Mohon segera', person: await person('Bambang'), key: 'cli-dispose' });
  await core.close();
});

describe('cadang request', () => {
  it('show prints the whole trail in order, times in WIB', async () => {
    const { code, stdout } = await cadang('request', 'show', '1');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^#1 Layanan Backup Server \(permohonan\) \(/);
    expect(lines[1]).toBe('Menunggu: 3. Menyeleksi permintaan sesuai kebijakan — Kabid PJKKD');
    expect(lines.slice(2).map((line) => line.replace(/^\d\d\/\d\d\/\d{4} \d\d\.\d\d WIB {2}/, ''))).toEqual([
      'Dimulai — Siti Rahmawati (NIP 199202292015032001, Pemohon)',
      '[1] Mengisi formulir layanan backup server dan mengirim ke Ka. PPIKSN melalui Nota Dinas Ka. Satker — Siti Rahmawati (NIP 199202292015032001, Pemohon) — Kirim permohonan',
      '[2] Mendisposisikan permohonan ke Kabid PJKKD — Ir. Bambang Hartono (NIP 196908141995031001, Ka. PPIKSN) — Disposisikan ke Kabid PJKKD — Alasan: Mohon segera',
    ]);
    expect(lines[2]).toMatch(/^\d\d\/\d\d\/\d{4} \d\d\.\d\d WIB/);
    expect(await cadang('request', 'show', '99')).toMatchObject({ code: 1, stdout: expect.stringContaining('permohonan 99 tidak ditemukan') });
  });

  it('overdue names the step, the role and the person who holds it, and how late it is', async () => {
    const { code, stdout } = await cadang('request', 'overdue');
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^#1 Layanan Backup Server \(permohonan\) — 3\. Menyeleksi permintaan sesuai kebijakan — Kabid PJKKD \(Dewi Lestari\), terlambat 1 jam( \d+ menit)? \(batas \d\d\/\d\d\/\d{4} \d\d\.\d\d WIB\)$/);
    expect(stdout).not.toMatch(/seleksi_kabid|sop_b_backup_server|kabid_pjkkd/);
    const english = await cadangIn('en', 'request', 'overdue');
    expect(english.stdout.trim()).toMatch(/^#1 Backup server service \(on request\) — 3\. .* — Head of Network and Data Communication \(Dewi Lestari\), overdue by 1 hour( \d+ minutes?)? \(due .* WIB\)$/);
  });

  it('overdue --json gives monitoring stable keys, ISO times and minutes late', async () => {
    const { code, stdout } = await cadang('request', 'overdue', '--json');
    expect(code).toBe(0);
    const [entry, ...rest] = JSON.parse(stdout);
    expect(rest).toEqual([]);
    expect(entry).toEqual({
      number: 1,
      instanceId: expect.any(String),
      sop: { key: 'sop_b_backup_server', version: 1, title: 'Layanan Backup Server (permohonan)' },
      step: { id: 'seleksi_kabid', number: '3', title: 'Menyeleksi permintaan sesuai kebijakan' },
      role: { key: 'kabid_pjkkd', title: 'Kabid PJKKD' },
      people: [{ name: 'Dewi Lestari', nip: '197704022002122001' }],
      enteredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      dueAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      minutesLate: expect.any(Number),
    });
    expect(entry.minutesLate).toBeGreaterThanOrEqual(59);
    expect(entry.minutesLate).toBeLessThanOrEqual(61);
  });
});

describe('no internal codes in what people read', () => {
  it('request show, overdue and people list name steps, SOPs, roles and outcomes in words, in both languages', async () => {
    const builtin = loadBuiltinDefinitions();
    const codes = [
      'failed', 'succeeded', 'medium-absent', 'not-enough-room', 'wrong-role', 'approved', 'rejected', 'postponed',
      ...builtin.map((definition) => definition.key),
      ...builtin.flatMap((definition) => definition.steps.map((step) => step.id)),
      ...builtin.flatMap((definition) => Object.keys(definition.roles)),
    ];
    for (const locale of ['id', 'en'] as const) {
      for (const args of [['request', 'show', '1'], ['request', 'overdue'], ['people', 'list']]) {
        const { stdout } = await cadangIn(locale, ...args);
        for (const code of codes) expect(stdout, `${locale}: cadang ${args.join(' ')}`).not.toMatch(new RegExp(`(^|[^\\w-])${code}([^\\w-]|$)`));
      }
    }
  }, 120_000);
});

describe('cadang report', () => {
  it('renders a stored request\'s FM 001 and, with --archive, links the archived copy to the run', async () => {
    const out = join(dir, 'fm001.pdf');
    const { code, stdout } = await cadang('report', 'request-form', '#1', '--out', out, '--archive');
    expect(code).toBe(0);
    expect(stdout).toMatch(/sha256: [0-9a-f]{64}/);
    const text = (await run('pdftotext', ['-layout', out, '-'])).stdout;
    expect(text).toContain('FORMULIR BACKUP SERVER');
    expect(text).toContain('Siti Rahmawati');
    expect(text).toContain('199202292015032001');
    const core = await openCore(loadConfig(env));
    try {
      const [instance] = await core.service.db.workflowInstance.findMany({ where: { number: 1 } });
      expect(await core.service.db.archivedDocument.count({ where: { instanceId: instance!.id, kind: 'request-form' } })).toBe(1);
    } finally {
      await core.close();
    }
  });
});

describe('cadang people import', () => {
  it('saves the good rows, reports the bad one by line and field, and exits non-zero', async () => {
    const csv = join(dir, 'pegawai.csv');
    writeFileSync(csv, 'nama,nip,nomor_hp,email,satker,telegram_id,slack_id,peran\nAnton Wijaya,198501012010011001,0811 1111 111,anton@contoh.go.id,Biro Umum,5550001,,administrator\nSalah,12345,,,,,,\n');
    const result = await cadang('people', 'import', csv);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('1 orang disimpan.');
    expect(result.stdout).toContain(`${csv}:3 nip: NIP harus 18 angka`);
    const list = await cadang('people', 'list');
    expect(list.stdout).toContain('198501012010011001  Anton Wijaya  Administrator\n');
    expect(list.stdout).toContain('196908141995031001  Ir. Bambang Hartono  Ka. PPIKSN\n');
    expect(list.stdout).toContain('199202292015032001  Siti Rahmawati\n');
  });
});

describe('cadang people links', () => {
  it('lists the link requests waiting for an admin and the history, with who decided', async () => {
    const core = await openCore(loadConfig(env));
    try {
      const { directory } = core.service;
      const person = async (name: string) => (await findPeople(core.service.db, core.service.organisationId, name))[0]!;
      const [yusuf, agus, rudi] = [await person('Yusuf'), await person('Agus'), await person('Rudi')];
      const at = new Date('2026-11-23T02:00:00Z');
      await directory.linkTrail.record({ platform: 'slack', userId: 'U7001', personId: yusuf.id, action: 'requested', via: 'email', actorName: null, actorNip: null, detail: 'Yusuf Maulana <yusuf@contoh.go.id>', at });
      await directory.linkTrail.record({ platform: 'slack', userId: 'U7002', personId: agus.id, action: 'requested', via: 'nip', actorName: null, actorNip: null, detail: 'Agus <->', at });
      await directory.linkTrail.record({ platform: 'slack', userId: 'U7002', personId: agus.id, action: 'refused', via: 'nip', actorName: 'Siti Rahmawati', actorNip: '199202292015032001', detail: 'not-admin (Slack U7003)', at });
      await directory.linkTrail.confirm({ platform: 'slack', userId: 'U7002', personId: agus.id, action: 'approved', via: 'nip', actorName: rudi.name, actorNip: rudi.nip, detail: 'Agus <->', at: new Date('2026-11-23T03:00:00Z') });
      expect((await directory.personByAccount('slack', 'U7002'))?.name).toBe('Agus Salim');
    } finally {
      await core.close();
    }
    const { code, stdout } = await cadang('people', 'links');
    expect(code).toBe(0);
    const [pendingTitle, , pending, historyTitle, , ...history] = stdout.trimEnd().split('\n');
    expect(pendingTitle).toBe('Menunggu konfirmasi admin:');
    expect(pending).toMatch(/^ {2}23\/11\/2026 09\.00 WIB +slack +U7001 +diminta +email +Yusuf Maulana \(NIP 199407082019031003\) +- +Yusuf Maulana <yusuf@contoh\.go\.id>$/);
    expect(historyTitle).toBe('Riwayat penautan akun (terbaru dahulu):');
    expect(history[0]).toMatch(/U7002 +disetujui +NIP +Agus Salim \(NIP 198109302006041002\) +Rudi Hermawan \(NIP 198806112012121001\)/);
    expect(history[1]).toMatch(/U7002 +ditolak \(bukan admin \/ sudah diputuskan\) +NIP +Agus Salim .* Siti Rahmawati \(NIP 199202292015032001\) +not-admin \(Slack U7003\)$/);
    expect(history).toHaveLength(4);
    const json = JSON.parse((await cadangIn('en', 'people', 'links', '--json')).stdout) as { pending: Array<{ userId: string }>; history: unknown[] };
    expect(json.pending.map((entry) => entry.userId)).toEqual(['U7001']);
    expect(json.history).toHaveLength(4);
  });
});
