import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatNotifier } from '../../src/bots/chat-notifier.js';
import type { ChatPort, OutboundMessage, SentMessage } from '../../src/bots/port.js';
import { openServiceFixture, requestAtKabid, type ServiceFixture } from '../service/service-fixture.js';

/** A chat platform that keeps every text it is asked to send, by chat. */
class RecordingPort implements ChatPort {
  readonly platform = 'console' as const;
  readonly sent: Array<{ chatId: string; text: string }> = [];
  /** Chats that refuse documents (a person who blocked the bot). */
  readonly refusing = new Set<string>();
  async send(chatId: string, message: OutboundMessage): Promise<SentMessage> {
    this.sent.push({ chatId, text: message.text });
    return { chatId, messageId: String(this.sent.length) };
  }
  async edit(): Promise<void> {}
  async sendDocument(chatId: string): Promise<SentMessage> {
    if (this.refusing.has(chatId)) throw new Error('Forbidden: bot was blocked by the user');
    return { chatId, messageId: 'doc' };
  }
}

let fixture: ServiceFixture;
beforeAll(async () => { fixture = await openServiceFixture('sqlite', {}, () => new Date('2026-11-23T02:00:00Z')); });
afterAll(async () => { await fixture.close(); });

describe('the requester hears of a failed backup', () => {
  it('tells the requester the backup failed, why, and what happens next', async () => {
    const { service } = fixture.core;
    const instanceId = await requestAtKabid(fixture);
    const decide = async (stepId: string, choiceId: string, who: string, inputs?: Record<string, unknown>) => {
      const outcome = await service.decide({ instanceId, stepId, choiceId, person: await fixture.person(who), inputs, key: `${stepId}-${choiceId}` });
      if (outcome.status !== 'accepted') throw new Error(JSON.stringify(outcome));
    };
    await decide('seleksi_kabid', 'setujui', 'Dewi');
    await decide('seleksi_kasubbid', 'setujui', 'Agus');
    await decide('proses_administrator', 'ditindaklanjuti', 'Rudi', { targets: ['simpeg-db'] });
    const failed = await service.reportTaskResult(instanceId, 'jalankan_backup', 'failed', 'pg_dump: koneksi ditolak', undefined, 'backup-failed');
    expect(failed.status).toBe('accepted');
    if (failed.status !== 'accepted') return;
    const notice = failed.effects.find((effect) => effect.type === 'inform-requester');
    expect(notice).toEqual({ type: 'inform-requester', stepId: 'jalankan_backup', choiceId: null, outcome: 'failed' });

    const port = new RecordingPort();
    const notifier = new ChatNotifier({ service, port, chatIdOf: async (person) => person.id, adminRoles: ['administrator'], log: () => undefined });
    const definition = await service.definitionOf(failed.instance);
    await notifier.deliver(notice as never, { instance: failed.instance, definition });
    const siti = await fixture.person('Siti');
    expect(port.sent).toEqual([{
      chatId: siti.id,
      text: '⚠️ Permohonan #1: 5. Menjalankan backup target yang dipetakan dan membuat laporan layanan backup — gagal (pg_dump: koneksi ditolak). Selanjutnya: 5. Memproses permohonan layanan backup server (Administrator); Anda akan diberi tahu hasilnya.',
    }]);
  });
});

describe('a document nobody received', () => {
  it('tells the administrators who did not get it and where it is archived', async () => {
    const { service } = fixture.core;
    const instanceId = await requestAtKabid(fixture);
    const instance = (await service.directory.run(instanceId))!;
    const port = new RecordingPort();
    const siti = await fixture.person('Siti');
    const rudi = await fixture.person('Rudi');
    port.refusing.add(siti.id);
    const notifier = new ChatNotifier({ service, port, chatIdOf: async (person) => person.id, adminRoles: ['administrator'], log: () => undefined });
    await notifier.postDocument(
      { instance, definition: await service.definitionOf(instance) },
      { filename: 'balasan-1.pdf', bytes: new Uint8Array([37, 80, 68, 70]), caption: 'Balasan', archivedAt: '/srv/cadang/arsip/2026/balasan-1.pdf' },
      { requester: true },
    );
    expect(port.sent).toEqual([{ chatId: rudi.id, text: '⚠️ Dokumen balasan-1.pdf tidak dapat dikirim kepada Siti Rahmawati. Berkasnya tersimpan di arsip: /srv/cadang/arsip/2026/balasan-1.pdf' }]);
  });
});
