// Linking a Slack account to a person record with /backup daftar NIP, confirmed by an admin who
// sees whether the Slack profile's email matches the staff record; or by the profile email alone.
import { afterEach, describe, expect, it } from 'vitest';
import { buttonsOf, buttonText, sectionText } from './fake-slack-api.js';
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

describe('linking by email: the Slack profile email matches a staff record, an admin confirms', () => {
  const yusufNip = '199407082019031003';

  it('an unlinked user who uses the app is asked to wait, the admins get one card each, a non-admin is refused and recorded, an approval links and is in the trail', async () => {
    const s = (session = await SlackSession.open({ unlinked: ['Yusuf Maulana'] }));
    const yusuf = s.user('Yusuf');
    const db = s.core.service.db;
    // A command in a channel and App Home at the same moment: one request, one card per admin.
    await Promise.all([
      s.requests.slashCommand(yusuf, 'tugas', { channel: 'C0GENERAL' }),
      s.requests.event({ type: 'app_home_opened', user: yusuf, channel: s.api.dmOf(yusuf), tab: 'home', event_ts: `${Date.now() / 1000}` }),
    ]);
    await s.settle();
    expect(s.api.callsOf('users.info').every((call) => call.params.user === yusuf)).toBe(true);
    const told = [...s.api.ephemerals.filter((message) => message.user === yusuf).map((message) => message.text), sectionText(s.api.homes.get(yusuf)!.view.blocks)].join('\n');
    expect(told).toContain('Email profil Slack Anda (yusuf@contoh.go.id) cocok dengan data pegawai Yusuf Maulana.');
    expect(told).toContain('menunggu konfirmasi');
    for (const admin of ['Rudi', 'Ahmad']) {
      const cards = s.api.messagesIn(s.api.dmOf(s.user(admin))).filter((message) => buttonsOf(message.blocks).some((button) => buttonText(button) === 'Setujui'));
      expect(cards).toHaveLength(1);
      expect(sectionText(cards[0]!.blocks)).toContain(`Tautkan akun Slack Yusuf Maulana (yusuf@contoh.go.id) ke Yusuf Maulana (NIP ${yusufNip}`);
      expect(buttonsOf(cards[0]!.blocks).map(buttonText)).toEqual(['Setujui', 'Tolak']);
    }
    // The request is in the database, not in memory: the pending row and its trail entry.
    expect(await db.chatSession.findFirstOrThrow({ where: { platform: 'slack-link', chatId: yusuf } })).toMatchObject({ kind: 'pending' });
    expect(await db.accountLinkEvent.findMany({ where: { userId: yusuf } })).toMatchObject([{ action: 'requested', via: 'email', platform: 'slack' }]);

    // Another interaction while it waits: told so, no second card.
    await s.requests.slashCommand(yusuf, 'status', { channel: 'C0GENERAL' });
    await s.settle();
    expect(s.api.ephemerals.at(-1)).toMatchObject({ channel: 'C0GENERAL', user: yusuf, text: 'Permintaan Anda masih menunggu konfirmasi admin Cadang.' });
    expect(s.api.messagesIn(s.api.dmOf(s.user('Rudi'))).filter((message) => buttonsOf(message.blocks).some((button) => buttonText(button) === 'Setujui'))).toHaveLength(1);

    // Budi (not an admin) taps the card's button: refused ephemerally, recorded, nothing linked.
    const card = s.api.withButton(s.api.dmOf(s.user('Rudi')), 'Setujui')!;
    const budi = s.user('Budi');
    await s.requests.blockAction(budi, structuredClone(card), 'Setujui');
    await s.settle();
    expect(s.api.ephemerals.at(-1)).toMatchObject({ channel: card.channel, user: budi });
    expect(s.api.ephemerals.at(-1)!.text).toContain('Hanya admin Cadang (Administrator, Kepala PTID)');
    expect(await s.core.service.directory.personByAccount('slack', yusuf)).toBeNull();
    expect(await db.accountLinkEvent.findFirst({ where: { userId: yusuf, action: 'refused' } })).toMatchObject({ actorName: 'Budi Santoso', detail: expect.stringContaining('not-admin') });

    // Rudi approves; Slack delivers the same tap twice (same trigger id, the card as it was): one link, one approval.
    const tapped = structuredClone(card);
    const triggerId = s.api.issueTrigger(s.user('Rudi'));
    await s.requests.blockAction(s.user('Rudi'), tapped, 'Setujui', { triggerId });
    await s.settle();
    await s.requests.blockAction(s.user('Rudi'), tapped, 'Setujui', { triggerId });
    await s.settle();
    expect((await s.core.service.directory.personByAccount('slack', yusuf))?.nip).toBe(yusufNip);
    expect((await db.platformIdentity.findFirstOrThrow({ where: { platform: 'slack', userId: yusuf } })).linkedBy).toMatch(/^Rudi Hermawan \(\d{18}\)$/);
    const approvals = await db.accountLinkEvent.findMany({ where: { userId: yusuf, action: 'approved' } });
    expect(approvals).toMatchObject([{ actorName: 'Rudi Hermawan', via: 'email', detail: 'Yusuf Maulana <yusuf@contoh.go.id>' }]);
    expect(s.api.ephemerals.at(-1)!.text).toMatch(/^Permintaan ini sudah diputuskan oleh Rudi Hermawan pada /);
    expect(s.dm('Yusuf').at(-1)!.text).toContain(`Akun Slack Anda terhubung sebagai Yusuf Maulana (NIP ${yusufNip})`);
    const ahmads = s.api.messagesIn(s.api.dmOf(s.user('Ahmad'))).find((message) => sectionText(message.blocks).includes('Tautkan akun Slack Yusuf'))!;
    expect(buttonsOf(ahmads.blocks)).toHaveLength(0);
    expect(sectionText(ahmads.blocks)).toContain('✔️ Setujui — oleh Rudi Hermawan');

    // Linked, Yusuf can act: /backup opens the form, prefilled with his record.
    await s.requests.slashCommand(yusuf, '');
    await s.settle();
    expect(s.api.lastViewOf(yusuf)?.view.callback_id).toBe('cadang-form');
  });

  it('a rejected request tells the user to use /backup daftar NIP, is not asked again by itself, and the NIP path still works', async () => {
    const s = (session = await SlackSession.open({ unlinked: ['Yusuf Maulana'] }));
    const yusuf = s.user('Yusuf');
    await s.requests.slashCommand(yusuf, 'tugas');
    await s.settle();
    await s.tap('Ahmad', 'Tolak');
    expect(s.dm('Yusuf').at(-1)!.text).toContain('Admin Cadang tidak menyetujui penautan akun Slack Anda. Ketik /backup daftar diikuti NIP Anda');
    expect(await s.core.service.db.accountLinkEvent.findFirst({ where: { userId: yusuf, action: 'rejected' } })).toMatchObject({ actorName: 'Dr. Ahmad Fauzi', via: 'email' });

    await s.requests.slashCommand(yusuf, 'tugas', { channel: 'C0GENERAL' });
    await s.settle();
    expect(s.api.ephemerals.at(-1)!.text).toContain('Admin Cadang tidak menyetujui penautan akun Slack Anda');
    expect(s.api.messagesIn(s.api.dmOf(s.user('Rudi'))).filter((message) => sectionText(message.blocks).includes('Tautkan akun Slack Yusuf'))).toHaveLength(1);

    await s.requests.slashCommand(yusuf, `daftar ${yusufNip}`);
    await s.settle();
    await s.tap('Rudi', 'Hubungkan');
    expect((await s.core.service.directory.personByAccount('slack', yusuf))?.name).toBe('Yusuf Maulana');
    expect((await s.core.service.db.accountLinkEvent.findMany({ where: { userId: yusuf }, orderBy: { id: 'asc' } })).map((entry) => `${entry.action}/${entry.via}`))
      .toEqual(['requested/email', 'rejected/email', 'requested/nip', 'approved/nip']);
  });

  it('a request stored whose cards never went out (the process stopped in between) is opened again after a minute', async () => {
    const s = (session = await SlackSession.open({ unlinked: ['Yusuf Maulana'] }));
    const yusuf = s.user('Yusuf');
    const { directory } = s.core.service;
    const person = (await directory.personByNip(yusufNip))!;
    const stored = (requestedAt: string) => JSON.stringify({
      personId: person.id, nip: yusufNip, userId: yusuf, slackName: 'Yusuf Maulana', email: 'yusuf@contoh.go.id', emailMatches: true, via: 'email', requestedAt, cards: [],
    });
    const cardsToRudi = () => s.api.messagesIn(s.api.dmOf(s.user('Rudi'))).filter((message) => sectionText(message.blocks).includes('Tautkan akun Slack Yusuf'));
    // Stored just now (the clock says 02:00Z): its cards may still be on their way.
    await directory.chatState.save('slack-link', yusuf, 'pending', stored('2026-11-23T01:59:30.000Z'));
    await s.requests.slashCommand(yusuf, 'tugas', { channel: 'C0GENERAL' });
    await s.settle();
    expect(s.api.ephemerals.at(-1)!.text).toBe('Permintaan Anda masih menunggu konfirmasi admin Cadang.');
    expect(cardsToRudi()).toHaveLength(0);
    // Two minutes old and still without cards: the next interaction opens it again, once.
    await directory.chatState.save('slack-link', yusuf, 'pending', stored('2026-11-23T01:58:00.000Z'));
    await Promise.all([s.requests.slashCommand(yusuf, 'tugas', { channel: 'C0GENERAL' }), s.requests.slashCommand(yusuf, 'status', { channel: 'C0GENERAL' })]);
    await s.settle();
    expect(cardsToRudi()).toHaveLength(1);
    expect(s.api.ephemerals.filter((message) => message.user === yusuf).map((message) => message.text).join('\n')).toContain('cocok dengan data pegawai Yusuf Maulana');
    await s.tap('Rudi', 'Setujui');
    expect((await directory.personByAccount('slack', yusuf))?.nip).toBe(yusufNip);
  });
});
