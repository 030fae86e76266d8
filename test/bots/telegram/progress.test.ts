import { describe, expect, it } from 'vitest';
import type { ChatPort, OutboundMessage, SentMessage } from '../../../src/bots/port.js';
import { ProgressBoard, renderProgress } from '../../../src/bots/telegram/progress.js';

describe('renderProgress: phase, percent, size, rate, ETA', () => {
  it('writes a running backup with a known total in Indonesian', () => {
    expect(renderProgress({ id: 'job-1', label: 'simpeg-db', phase: 'dump', bytesDone: 1_250_000_000, bytesTotal: 2_000_000_000, rateBytesPerSecond: 35_400_000, etaSeconds: 21.2 }, 'id')).toBe([
      '⚙️ Backup simpeg-db',
      'Tahap: mengambil data',
      '▓▓▓▓▓▓░░░░ 62 %',
      'Ukuran: 1,25 GB dari 2,00 GB',
      'Kecepatan: 35,4 MB/detik',
      'Perkiraan sisa waktu: 22 detik',
    ].join('\n'));
  });

  it('leaves out what is unknown, rounds long ETAs to ten seconds, and says when it is done', () => {
    expect(renderProgress({ id: 'j', label: 'simpeg-files', phase: 'compress', bytesDone: 512 }, 'id')).toBe('⚙️ Backup simpeg-files\nTahap: memampatkan\nUkuran: 512 B');
    expect(renderProgress({ id: 'j', label: 'x', phase: 'write', bytesDone: 1, bytesTotal: 10, etaSeconds: 3721 }, 'en')).toContain('Time left: about 1 h 2 min 10 s');
    expect(renderProgress({ id: 'j', label: 'x', phase: 'done', bytesDone: 3_000_000, bytesTotal: 3_000_000, rateBytesPerSecond: 1e6, etaSeconds: 0 }, 'id'))
      .toBe('⚙️ Backup x\nTahap: selesai\n▓▓▓▓▓▓▓▓▓▓ 100 %\nUkuran: 3,00 MB dari 3,00 MB');
    // A dump bigger than its estimate never shows more than 100 %.
    expect(renderProgress({ id: 'j', label: 'x', phase: 'verify', bytesDone: 150, bytesTotal: 100 }, 'id')).toContain('▓▓▓▓▓▓▓▓▓▓ 100 %');
  });
});

describe('ProgressBoard: one message per backup and chat, edited in place', () => {
  it('sends the first report and edits the same message with later ones', async () => {
    const calls: string[] = [];
    const port: ChatPort = {
      platform: 'telegram',
      async send(chatId: string, message: OutboundMessage): Promise<SentMessage> {
        calls.push(`send ${chatId} ${message.text.split('\n')[1]}`);
        return { chatId, messageId: `m${calls.length}` };
      },
      async edit(target: SentMessage, message: OutboundMessage) {
        calls.push(`edit ${target.chatId}/${target.messageId} ${message.text.split('\n')[1]}`);
      },
      async sendDocument() {
        throw new Error('not used');
      },
    };
    const board = new ProgressBoard(port, 'id');
    await Promise.all([
      board.show('10', { id: 'a', label: 'simpeg-db', phase: 'dump', bytesDone: 1 }),
      board.show('10', { id: 'a', label: 'simpeg-db', phase: 'write', bytesDone: 2 }),
    ]);
    await board.show('10', { id: 'b', label: 'simpeg-files', phase: 'dump', bytesDone: 1 });
    await board.show('10', { id: 'a', label: 'simpeg-db', phase: 'done', bytesDone: 2 });
    await board.show('10', { id: 'a', label: 'simpeg-db', phase: 'dump', bytesDone: 1 }); // a new run of the same id
    expect(calls).toEqual([
      'send 10 Tahap: mengambil data',
      'edit 10/m1 Tahap: menulis salinan',
      'send 10 Tahap: mengambil data',
      'edit 10/m1 Tahap: selesai',
      'send 10 Tahap: mengambil data',
    ]);
  });
});
