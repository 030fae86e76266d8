import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createRuntime, openCore, type CadangCore } from '../../src/app.js';
import { ConsoleChat } from '../../src/bots/console/console-chat.js';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import type { Runtime } from '../../src/service/runtime.js';
import { createStandInBackup } from '../support/stand-in-tasks.js';
import { openTestDatabase, type TestDatabase } from '../support/services.js';

/**
 * The terminal chat on the sample organisation, driven through its real input and output streams:
 * `type(line)` writes a line and waits until it is handled; `tap(label)` types the number printed
 * beside the newest button with that label.
 */
export class ConsoleSession {
  transcript = '';
  private mark = 0;

  private input = new PassThrough();
  chat!: ConsoleChat;
  runtime!: Runtime;

  private constructor(readonly core: CadangCore, private readonly testDb: TestDatabase, private readonly realBackup: boolean) {}

  /** `env` may name another configuration (CADANG_CONFIG); `realBackup` runs the real executor instead of the stand-in. */
  static async open(provider: 'sqlite' | 'postgresql' = 'sqlite', clock: () => Date = () => new Date('2026-11-23T02:00:00Z'), env: Record<string, string> = {}, options: { realBackup?: boolean } = {}): Promise<ConsoleSession> {
    const testDb = await openTestDatabase(provider);
    const core = await openCore(loadConfig({ CADANG_CONFIG: sampleConfigFile, DATABASE_URL: testDb.url, ...env }), { clock });
    const session = new ConsoleSession(core, testDb, options.realBackup ?? false);
    await session.startChat();
    return session;
  }

  /** Starts a terminal chat process-part on the session's database (again, after `restart`). */
  private async startChat(): Promise<void> {
    const { core } = this;
    this.input = new PassThrough();
    const output = new PassThrough();
    this.chat = new ConsoleChat({
      service: core.service, input: this.input, output, outbox: mkdtempSync(join(tmpdir(), 'cadang-outbox-')),
      core: { satker: core.config.satker, targets: core.config.backup.targets, media: core.config.backup.media, requestSop: 'sop_b_backup_server', orderSop: 'sop_a_backup_terjadwal' },
    });
    // The real runtime (outbox, dispatcher, job queue, worker). Documents are really rendered and
    // archived (in a folder of the test's own); the backup step is a stand-in unless `realBackup`
    // (test/service/backup-task.test.ts and the scheduled end-to-end test run the real executor).
    this.runtime = createRuntime(core, {
      notifiers: [this.chat.notifier], queues: ['main'], timing: { pollMs: 20 },
      reports: { ...core.config.reports, archiveFolder: mkdtempSync(join(tmpdir(), 'cadang-archive-')) },
      handlers: this.realBackup ? {} : { backup: createStandInBackup(core.service.locale) },
    });
    await this.runtime.start();
    output.on('data', (chunk: Buffer) => { this.transcript += chunk.toString('utf8'); });
    const ready = once(this.chat, 'idle');
    void this.chat.run();
    await ready;
  }

  /** Ends the terminal chat and starts a new one on the same database, as a restart would. */
  async restart(): Promise<void> {
    const closed = once(this.chat, 'close');
    this.input.end('/keluar\n');
    await closed;
    await this.runtime.stop();
    await this.startChat();
  }

  /** Types one line and returns what the terminal printed in answer and as its effects (cards, notices, documents). */
  async type(line: string): Promise<string> {
    const handled = once(this.chat, 'idle');
    this.input.write(`${line}\n`);
    await handled;
    await this.runtime.settle();
    await new Promise((resolve) => setImmediate(resolve)); // let the output stream flush
    const printed = this.transcript.slice(this.mark);
    this.mark = this.transcript.length;
    return printed;
  }

  /** Taps the newest button whose label starts with `label`. */
  async tap(label: string): Promise<string> {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const numbers = [...this.transcript.matchAll(new RegExp(`\\[(\\d+)\\] ${escaped}`, 'g'))].map((match) => match[1]);
    const number = numbers.at(-1);
    if (!number) throw new Error(`no button "${label}" in the transcript:\n${this.transcript.slice(-3000)}`);
    return this.type(number);
  }

  async as(name: string): Promise<string> {
    return this.type(`/as ${name}`);
  }

  async close(): Promise<void> {
    const closed = once(this.chat, 'close');
    this.input.end('/keluar\n');
    await closed;
    await this.runtime.stop();
    await this.core.close();
    await this.testDb.close();
  }
}
