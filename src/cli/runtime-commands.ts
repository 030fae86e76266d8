/**
 * `cadang worker [--queue NAME]…`: takes the backup (and document) jobs of the targets assigned to
 * this host, on any machine that reaches Cadang's database and the data. `cadang outbox` and
 * `cadang jobs`: what waits, what was parked, and putting parked effects back in line.
 */
import type { Command } from 'commander';
import { defineMessages } from '../i18n/messages.js';
import type { CliContext } from './context.js';

const messages = defineMessages(
  {
    worker: () => 'Menjalankan pekerjaan backup dan dokumen dari antrean di host ini',
    queue: () => 'nama antrean (kunci `worker:` pada target); boleh diulang; bawaan: main',
    started: (queues: string, id: string) => `Pekerja ${id} siap mengambil pekerjaan dari antrean: ${queues}. Ctrl+C untuk berhenti (pekerjaan yang berjalan dibatalkan dengan rapi).`,
    stopping: () => 'Menghentikan pekerja…',
    outbox: () => 'Efek yang menunggu dikirim (kartu, pemberitahuan, dokumen)',
    outboxStatus: (pending: number, parked: number, done: number) => `Menunggu: ${pending}; ditunda karena gagal berulang: ${parked}; selesai: ${done}`,
    parkedLine: (key: string, kind: string, attempts: number, error: string) => `• ${key} (${kind}, ${attempts} kali): ${error}`,
    retry: () => 'Mengantrekan lagi efek yang ditunda',
    retried: (count: number) => `${count} efek diantrekan lagi.`,
    jobs: () => 'Jumlah pekerjaan per status',
    jobsLine: (counts: string) => `Pekerjaan — ${counts}`,
    statuses: { queued: 'antre', running: 'berjalan', succeeded: 'berhasil', failed: 'gagal', interrupted: 'terputus', cancelled: 'dibatalkan' } as Record<string, string>,
  },
  {
    worker: () => 'Runs backup and document jobs from the queue on this host',
    queue: () => 'queue name (the `worker:` key of targets); may be repeated; default: main',
    started: (queues: string, id: string) => `Worker ${id} is taking jobs from: ${queues}. Ctrl+C stops it (running jobs are cancelled cleanly).`,
    stopping: () => 'Stopping the worker…',
    outbox: () => 'Effects waiting to be carried out (cards, notices, documents)',
    outboxStatus: (pending: number, parked: number, done: number) => `Waiting: ${pending}; parked after repeated failures: ${parked}; done: ${done}`,
    parkedLine: (key: string, kind: string, attempts: number, error: string) => `• ${key} (${kind}, ${attempts} attempts): ${error}`,
    retry: () => 'Puts parked effects back in line',
    retried: (count: number) => `${count} effects put back in line.`,
    jobs: () => 'Number of jobs per status',
    jobsLine: (counts: string) => `Jobs — ${counts}`,
    statuses: { queued: 'queued', running: 'running', succeeded: 'succeeded', failed: 'failed', interrupted: 'interrupted', cancelled: 'cancelled' } as Record<string, string>,
  },
);

export function registerRuntimeCommands(program: Command, context: CliContext): void {
  const t = messages(context.locale);

  program
    .command('worker')
    .description(t.worker())
    .option('--queue <name>', t.queue(), (value: string, previous: string[] = []) => [...previous, value])
    .action(async (options: { queue?: string[] }) => {
      const queues = options.queue ?? ['main'];
      // The whole service loads when a worker starts, not for `--help` (start time).
      const [{ createRuntime, openCore, runtimeTimingFromEnv }, { loadConfig }, { rootLogger }] = await Promise.all([import('../app.js'), import('../config/load.js'), import('../log/logger.js')]);
      const core = await openCore(loadConfig());
      const runtime = createRuntime(core, { notifiers: [], queues, log: rootLogger().child({ part: 'worker', queues }), timing: runtimeTimingFromEnv() });
      await runtime.start();
      context.print(t.started(queues.join(', '), runtime.worker!.id));
      await new Promise<void>((resolve) => {
        const stop = () => {
          context.print(t.stopping());
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await runtime.stop();
      await core.close();
    });

  const outbox = program.command('outbox').description(t.outbox());
  outbox.command('status').description(t.outbox()).action(async () => {
    await context.withDatabase(async (db) => {
      const { countOutbox, listParked } = await import('../storage/outbox-repository.js');
      const counts = await countOutbox(db);
      context.print(t.outboxStatus(counts.pending, counts.parked, counts.done));
      for (const row of await listParked(db)) context.print(t.parkedLine(row.key, row.kind, row.attempts, row.lastError ?? '-'));
    });
  });
  outbox.command('retry').description(t.retry()).action(async () => {
    await context.withDatabase(async (db) => {
      const { retryParked } = await import('../storage/outbox-repository.js');
      context.print(t.retried(await retryParked(db, new Date())));
    });
  });

  program.command('jobs').description(t.jobs()).action(async () => {
    await context.withDatabase(async (db) => {
      const { countJobs } = await import('../storage/job-repository.js');
      const counts = await countJobs(db);
      context.print(t.jobsLine(Object.entries(counts).map(([status, count]) => `${t.statuses[status] ?? status}: ${count}`).join(', ')));
    });
  });
}
