// The chat never misleads, on Telegram too: answers that look like commands, empty answers, stale taps.
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramSession } from './telegram-harness.js';

let session: TelegramSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Siti answers the form up to the folder question (7 answers, buttons where offered). */
async function upToFolder(s: TelegramSession): Promise<void> {
  const siti = 'Siti Rahmawati';
  await s.type(siti, '/backup');
  await s.type(siti, 'hari ini');
  await s.tap(siti, 'Biro Umum');
  await s.tap(siti, 'Pakai: Siti Rahmawati');
  await s.tap(siti, 'Pakai: +6281234567890');
  await s.tap(siti, 'Pakai: 199202292015032001');
  await s.tap(siti, 'Pakai: siti@contoh.go.id');
  await s.type(siti, '-');
  await s.type(siti, '-');
}

describe('telegram: the form while a question is open', () => {
  it('takes "/var/www/simpeg" (a bot_command entity) as the folder, and answers an empty message', async () => {
    const s = (session = await TelegramSession.open());
    await upToFolder(s);
    // Questions answered by typing lost their buttons, as tapped ones do.
    expect(s.api.withButton(s.user('Siti Rahmawati').id, 'Pakai: 23-11-2026')).toBeUndefined();
    const folder = await s.type('Siti Rahmawati', '/var/www/simpeg');
    expect(folder).not.toContain('tidak dikenal');
    expect(folder).toContain('(10/10) Alasan permohonan');
    const empty = await s.type('Siti Rahmawati', ' \u3000 ');
    expect(empty).toContain('Jawaban kosong; tulis jawaban Anda');
    expect(empty).toContain('(10/10) Alasan permohonan');
    expect(await s.type('Siti Rahmawati', 'Cadangan sebelum pembaruan aplikasi')).toContain('Nama Folder: /var/www/simpeg');
  });
});

describe('telegram: stale taps', () => {
  it('a tap on a decided card answers "already decided by X at T"; an old form\'s button fills nothing in a new form', async () => {
    const s = (session = await TelegramSession.open());
    const siti = s.user('Siti Rahmawati');
    await s.type(siti, '/backup');
    const oldQuestion = s.api.withButton(siti.id, 'Pakai: 23-11-2026')!;
    const oldData = oldQuestion.buttons.flat()[0]!.callback_data;
    await s.type(siti, '/batal');
    expect(await s.type(siti, '/backup')).toContain('(1/10) Tanggal:');
    s.api.tapData(siti, oldQuestion, oldData);
    const stale = await s.handled(s.api.updates.at(-1)!.update.update_id);
    expect(stale).toContain('Tombol ini tidak dikenal atau sudah kedaluwarsa.');
    expect(stale).not.toContain('(2/10)');

    await s.type(siti, 'hari ini');
    await s.tap(siti, 'Biro Umum');
    await s.tap(siti, 'Pakai: Siti Rahmawati');
    await s.tap(siti, 'Pakai: +6281234567890');
    await s.tap(siti, 'Pakai: 199202292015032001');
    await s.tap(siti, 'Pakai: siti@contoh.go.id');
    await s.type(siti, 'srv-simpeg');
    await s.type(siti, '-');
    await s.type(siti, '-');
    await s.type(siti, 'Cadangan sebelum pembaruan aplikasi');
    expect(await s.tap(siti, 'Kirim')).toContain('Permohonan #1 terkirim');

    const bambang = s.user('Bambang');
    const card = s.api.withButton(bambang.id, 'Disposisikan ke Kabid PJKKD')!;
    const data = card.buttons.flat()[0]!.callback_data;
    await s.tap(bambang, 'Disposisikan ke Kabid PJKKD');
    s.api.tapData(bambang, card, data);
    expect(await s.handled(s.api.updates.at(-1)!.update.update_id)).toContain('Langkah ini sudah diputuskan oleh Ir. Bambang Hartono pada 23/11/2026 09.00 WIB.');
  });
});
