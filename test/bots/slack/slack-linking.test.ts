// Linking a Slack account to a person record with /backup daftar NIP, confirmed by an admin who
// sees whether the Slack profile's email matches the staff record.
import { afterEach, describe, expect, it } from 'vitest';
import { buttonsOf, sectionText } from './fake-slack-api.js';
import { SlackSession } from './slack-harness.js';

let session: SlackSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('/backup daftar: a person links their Slack account once, an admin confirms', () => {
  it('validates the NIP, shows the admins the email check, refuses non-admins ephemerally, and links on confirmation', async () => {
    const s = (session = await SlackSession.open({ unlinked: ['Siti Rahmawati', 'Yusuf Maulana'] }));
    const siti = s.user('Siti');
    const typed = async (userId: string, text: string): Promise<string> => {
      await s.requests.slashCommand(userId, text);
      await s.settle();
      return s.api.messagesIn(s.api.dmOf(userId)).at(-1)?.text ?? '';
    };
    expect(await typed(siti, 'daftar')).toContain('Tulis NIP Anda setelah /backup daftar');
    expect(await typed(siti, 'daftar 1234')).toContain('NIP harus 18 angka');
    expect(await typed(siti, 'daftar 197805122005011002')).toContain('sudah terhubung dengan akun Slack lain');
    expect(await typed(siti, 'daftar 1992 0229 2015 03 2 001')).toContain('Permintaan menghubungkan akun ini dengan Siti Rahmawati sudah dikirim ke admin Cadang');
    expect(s.api.callsOf('users.info').map((call) => call.params.user)).toEqual([siti]);

    for (const admin of ['Rudi', 'Ahmad']) {
      const card = s.api.withButton(s.api.dmOf(s.user(admin)), 'Hubungkan')!;
      expect(sectionText(card.blocks)).toContain(`Akun Slack: Siti Rahmawati (ID ${siti})`);
      expect(sectionText(card.blocks)).toContain('Email profil Slack siti@contoh.go.id sama dengan email di data pegawai.');
    }

    // Someone who is not an admin cannot confirm, even with the card's payload.
    const card = s.api.withButton(s.api.dmOf(s.user('Rudi')), 'Hubungkan')!;
    await s.requests.blockAction(s.user('Budi'), structuredClone(card), 'Hubungkan');
    await s.settle();
    expect(s.api.ephemerals.at(-1)).toMatchObject({ user: s.user('Budi') });
    expect(s.api.ephemerals.at(-1)!.text).toContain('Hanya admin Cadang (Administrator, Kepala PTID)');

    await s.tap('Rudi', 'Hubungkan');
    expect((await s.core.service.directory.personByAccount('slack', siti))?.name).toBe('Siti Rahmawati');
    // The link records the admin who confirmed it.
    expect((await s.core.service.db.platformIdentity.findFirstOrThrow({ where: { platform: 'slack', userId: siti } })).linkedBy).toMatch(/^Rudi Hermawan \(\d{18}\)$/);
    expect(s.dm('Siti').at(-1)!.text).toContain('Akun Slack Anda terhubung sebagai Siti Rahmawati (NIP 199202292015032001)');
    const other = s.dm('Dr. Ahmad Fauzi').find((message) => message.ts === s.api.messagesIn(s.api.dmOf(s.user('Ahmad')))[0]!.ts)!;
    expect(buttonsOf(other.blocks)).toHaveLength(0);
    expect(sectionText(other.blocks)).toContain('✔️ Hubungkan — oleh Rudi Hermawan');

    // Now /backup opens the form for her.
    await s.requests.slashCommand(siti, '');
    await s.settle();
    expect(s.api.lastViewOf(siti)?.view.callback_id).toBe('cadang-form');
  });
});
