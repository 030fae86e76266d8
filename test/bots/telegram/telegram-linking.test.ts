// Linking a Telegram account to a person record with /daftar, confirmed by an admin.
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../../src/app.js';
import { loadConfig, sampleConfigFile } from '../../../src/config/load.js';
import { TelegramSession } from './telegram-harness.js';

let session: TelegramSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('/daftar: a person links their Telegram account once, an admin confirms', () => {
  it('explains, validates the NIP, asks the admins, refuses non-admins, and says who decided', async () => {
    const s = (session = await TelegramSession.open({ unlinked: ['Siti Rahmawati', 'Yusuf Maulana'] }));
    const siti = s.user('Siti Rahmawati');
    expect(await s.type(siti, 'halo')).toContain(`belum terhubung dengan data pegawai di Cadang`);
    expect(await s.type(siti, '/daftar')).toContain('Tulis NIP Anda setelah /daftar');
    expect(await s.type(siti, '/daftar 1234')).toContain('NIP harus 18 angka');
    expect(await s.type(siti, '/daftar 199001012015011001')).toContain('NIP 199001012015011001 tidak ada dalam data pegawai Cadang');
    expect(await s.type(siti, '/daftar 197805122005011002')).toContain('NIP 197805122005011002 sudah terhubung dengan akun Telegram lain');

    const asked = await s.type(siti, '/daftar 1992 0229 2015 03 2 001');
    expect(asked).toContain(`── Siti Rahmawati ──\nPermintaan menghubungkan akun ini dengan Siti Rahmawati sudah dikirim ke admin Cadang.`);
    // Both admins (Administrator and Kepala PTID) get a card with the account and the claimed person.
    for (const admin of ['Rudi Hermawan', 'Dr. Ahmad Fauzi']) {
      expect(asked).toContain(`── ${admin} ──\n🔗 Permintaan menghubungkan akun Telegram\nAkun Telegram: Siti (@${siti.username}) (ID ${siti.id})\nMengaku sebagai: Siti Rahmawati, NIP 199202292015032001, Pusat Teknologi Keselamatan Reaktor Nuklir`);
    }
    expect(await s.type(siti, '/daftar 199202292015032001')).toContain('masih menunggu konfirmasi admin');
    expect(await s.type(siti, '/backup')).toContain('belum terhubung'); // not yet

    // Someone who is not an admin cannot confirm, even with a forged tap.
    const card = s.api.withButton(s.user('Rudi Hermawan').id, 'Hubungkan')!;
    const data = card.buttons[0]![0]!.callback_data;
    await s.type('Budi Santoso', '/bantuan');
    s.api.tapData(s.user('Budi Santoso'), s.last('Budi Santoso'), data);
    expect(await s.handled(s.api.updates.at(-1)!.update.update_id)).toContain('Hanya admin Cadang (Administrator, Kepala PTID) yang dapat mengonfirmasi akun');
    expect(s.logs.some((entry) => entry.level === 'warn' && entry.message.includes('not an admin'))).toBe(true);

    const linked = await s.tap('Rudi Hermawan', 'Hubungkan');
    expect(linked).toContain('── Siti Rahmawati ──\n✅ Akun Telegram Anda terhubung sebagai Siti Rahmawati (NIP 199202292015032001)');
    expect(linked).toMatch(/── \(diperbarui\) Dr\. Ahmad Fauzi ──\n🔗[\s\S]*✔️ Hubungkan — oleh Rudi Hermawan, 23\/11\/2026 09\.00 WIB/);
    expect(linked).toContain('── Rudi Hermawan ──\n✅ Hubungkan: Siti Rahmawati.');
    expect(s.api.withButton(s.user('Dr. Ahmad Fauzi').id, 'Hubungkan')).toBeUndefined();
    // The other admin's late tap says who decided.
    s.api.tapData(s.user('Dr. Ahmad Fauzi'), card, data.replace(':y:', ':n:'));
    expect(await s.handled(s.api.updates.at(-1)!.update.update_id)).toContain('Permintaan ini sudah diputuskan oleh Rudi Hermawan pada 23/11/2026 09.00 WIB.');

    expect(await s.type(siti, '/backup')).toContain('(1/10) Tanggal:');
    expect(await s.type(siti, '/daftar 199202292015032001')).toContain('sudah terhubung sebagai Siti Rahmawati');

    // An admin may reject.
    const yusuf = s.user('Yusuf Maulana');
    await s.type(yusuf, '/daftar 199407082019031003');
    expect(await s.tap('Dr. Ahmad Fauzi', 'Tolak')).toContain('── Yusuf Maulana ──\nPermintaan menghubungkan akun Anda ditolak admin Cadang.');
    expect(await s.type(yusuf, '/status')).toContain('belum terhubung');

    // The account-link trail: each request, the non-admin's and the late admin's refused taps, the decisions, with who.
    const trail = await s.core.service.db.accountLinkEvent.findMany({ where: { platform: 'telegram' }, orderBy: { id: 'asc' } });
    expect(trail.map((entry) => `${entry.userId === String(siti.id) ? 'siti' : 'yusuf'} ${entry.action} ${entry.actorName ?? '-'}`)).toEqual([
      'siti requested -', 'siti refused Budi Santoso', 'siti approved Rudi Hermawan', 'siti refused Dr. Ahmad Fauzi', 'yusuf requested -', 'yusuf rejected Dr. Ahmad Fauzi',
    ]);
  });

  it('a confirmed link survives the configuration being loaded again and the bot restarting', async () => {
    const s = (session = await TelegramSession.open({ unlinked: ['Siti Rahmawati'] }));
    const siti = s.user('Siti Rahmawati');
    await s.type(siti, '/daftar 199202292015032001');
    await s.tap('Rudi Hermawan', 'Hubungkan');
    // Loading the configuration file again (as every start does) keeps Telegram ids the file does not name.
    const reloaded = await openCore(loadConfig({ CADANG_CONFIG: sampleConfigFile, DATABASE_URL: (s.core.config.database.url) }));
    await reloaded.close();
    const siti1 = (await s.core.service.directory.findPeople('Siti Rahmawati'))[0]!;
    expect(await s.core.service.directory.accountOf(siti1.id, 'telegram')).toBe(String(siti.id));
    await s.restart();
    expect(await s.type(siti, '/status')).toContain('Anda belum punya permohonan');
  });

  it('tells a person when no admin can be reached on Telegram', async () => {
    const s = (session = await TelegramSession.open({ unlinked: ['Siti Rahmawati', 'Rudi Hermawan', 'Dr. Ahmad Fauzi'] }));
    const siti = s.user('Siti Rahmawati');
    expect(await s.type(siti, '/daftar 199202292015032001')).toContain(`Belum ada admin Cadang yang dapat dihubungi lewat Telegram. Berikan ID Telegram Anda (${siti.id})`);
  });
});
