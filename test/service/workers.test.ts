// Issue 11's multi-host test: two service processes and two `cadang worker` processes on one
// PostgreSQL database. 200 SOP B requests are driven to the backup step; each backup must run
// exactly once, on the worker its target names, and a worker SIGKILLed in the middle of a job
// must leave its run retried (the target allows one retry), never hanging.
import { randomFillSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, hasPostgres, type ScratchPostgres } from '../support/services.js';
import { CadangProcess, countCards, Driver, printedCards, sopBApprovals, waitUntil, writeConfig } from '../support/service-processes.js';

const requests = Number(process.env.CADANG_WORKERS_REQUESTS ?? 200);
const work = mkdtempSync(join(tmpdir(), 'cadang-workers-'));
const started: CadangProcess[] = [];
let postgres: ScratchPostgres | undefined;

afterAll(async () => {
  await Promise.allSettled(started.map((child) => child.kill()));
  await postgres?.drop();
  rmSync(work, { recursive: true, force: true });
});

/** Small targets, four per worker: one job per target runs at a time, so several keep both workers busy. */
const smallTargets = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4'];

function writeWorld(): string {
  const data = join(work, 'data');
  for (const name of smallTargets) {
    mkdirSync(join(data, name), { recursive: true });
    writeFileSync(join(data, name, 'daftar.csv'), `nim,nama\n${name},Ayu Lestari\n`.repeat(50));
  }
  // A large target on w1 with one retry: the job the test kills its worker in.
  mkdirSync(join(data, 'besar'));
  for (let index = 0; index < 12; index++) writeFileSync(join(data, 'besar', `arsip-${index}.bin`), randomFillSync(Buffer.alloc(10 * 1024 * 1024)));
  return writeConfig(work, {
    backup: {
      internalFolder: join(work, 'internal'),
      targets: [
        ...smallTargets.map((name) => ({ name, kind: 'files', include: [join(data, name)], worker: name.startsWith('a') ? 'w1' : 'w2' })),
        { name: 'besar', kind: 'files', include: [join(data, 'besar')], worker: 'w1', retries: 1 },
      ],
      media: [],
    },
  });
}

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

describe.skipIf(!hasPostgres)('two services and two workers on one PostgreSQL', () => {
  it('run each of 200 backups exactly once on the worker of its target, and survive a killed worker', async () => {
    const configFile = writeWorld();
    postgres = await createScratchPostgres('workers');
    const env = { CADANG_CONFIG: configFile, DATABASE_URL: postgres.url, CADANG_JOB_SILENT_AFTER_MS: '3000', CADANG_JOB_HEARTBEAT_MS: '500', CADANG_JOB_RECOVERY_MS: '1000' };
    const driver = await Driver.open(configFile, postgres.url);
    const processes: CadangProcess[] = [];
    try {
      const [service1, service2, worker1, worker2] = await Promise.all([
        CadangProcess.service('service-1', work, env),
        CadangProcess.service('service-2', work, env),
        CadangProcess.worker('worker-w1', work, env, ['w1']),
        CadangProcess.worker('worker-w2', work, env, ['w2']),
      ]);
      processes.push(service1!, service2!, worker1!, worker2!);
      started.push(...processes);
      const services = [service1!, service2!];

      // 200 requests, each naming one target, through the approval chain to "Ditindaklanjuti".
      const began = Date.now();
      const runs: Array<{ id: string; number: number; target: string }> = [];
      await pool(Array.from({ length: requests }, (_, index) => index), 16, async (index) => {
        const target = smallTargets[index % smallTargets.length]!;
        const run = await driver.submit(`w-${index}`);
        for (const [stepId, choiceId, name] of sopBApprovals) await driver.decide(run.id, stepId, choiceId, name);
        await driver.decide(run.id, 'proses_administrator', 'ditindaklanjuti', 'Rudi', { targets: [target] });
        runs.push({ ...run, target });
      });
      const committed = Date.now() - began;
      const ids = runs.map((run) => run.id);
      const { db } = driver;
      await waitUntil(async () => {
        for (const child of processes) if (!child.alive) throw new Error(`${child.name} exited: ${child.stderr.slice(-3000)}`);
        return (await db.workflowInstance.count({ where: { id: { in: ids }, currentStep: 'laporan_kasubbid' } })) === requests;
      }, 180_000, `${requests} backups to finish`, 250);
      const finished = Date.now() - began;

      // Each backup ran exactly once, on the worker of its target.
      const jobs = await db.job.findMany({ where: { instanceId: { in: ids } } });
      const backupJobs = await db.backupJob.findMany({ where: { instanceId: { in: ids } } });
      const copies = await db.backupCopy.findMany({ where: { job: { instanceId: { in: ids } } }, select: { job: { select: { instanceId: true } } } });
      const perWorker: Record<string, number> = {};
      for (const job of jobs) perWorker[`${job.queue} ${job.workerId}`] = (perWorker[`${job.queue} ${job.workerId}`] ?? 0) + 1;
      const twice = (values: Array<string | null>) => values.length - new Set(values).size;
      // Every run's next card (the Kasubbid's, step 6) is printed by one of the service processes.
      const missingCards = () => {
        const cards = countCards(printedCards(services.map((child) => child.stdout).join('\n')));
        return runs.filter((run) => !cards.get(`${run.number}/6`)).length;
      };
      await waitUntil(() => missingCards() === 0, 20_000, 'every card to be printed').catch(() => undefined);
      const cardsMissing = missingCards();
      const cardsPerService = services.map((child) => printedCards(child.stdout).length);
      const wrongQueue = jobs.filter((job) => job.queue !== (JSON.parse(job.payload).targets[0].startsWith('a') ? 'w1' : 'w2')).length;

      // A worker killed in the middle of a job: the job is declared interrupted, retried on a fresh w1.
      const slow = await driver.submit('w-besar');
      for (const [stepId, choiceId, name] of sopBApprovals) await driver.decide(slow.id, stepId, choiceId, name);
      await driver.decide(slow.id, 'proses_administrator', 'ditindaklanjuti', 'Rudi', { targets: ['besar'] });
      await waitUntil(async () => (await db.job.count({ where: { instanceId: slow.id, status: 'running' } })) === 1
        && (await db.backupJob.count({ where: { instanceId: slow.id, status: 'running' } })) === 1, 60_000, 'the large backup to run', 20);
      const killedAt = Date.now();
      await worker1!.kill();
      await waitUntil(async () => (await db.job.count({ where: { instanceId: slow.id, status: 'interrupted' } })) === 1, 30_000, 'the killed job to be declared interrupted');
      const interruptedAfterMs = Date.now() - killedAt;
      const replacement = await CadangProcess.worker('worker-w1-again', work, env, ['w1']);
      processes.push(replacement);
      started.push(replacement);
      let step: string | null = null;
      await waitUntil(async () => (step = await driver.currentStep(slow.id)) !== 'jalankan_backup', 120_000, 'the retried backup to end');
      const slowJobs = await db.job.findMany({ where: { instanceId: slow.id }, orderBy: { createdAt: 'asc' } });
      const slowRecords = await db.backupJob.findMany({ where: { instanceId: slow.id }, orderBy: { queuedAt: 'asc' } });

      await Promise.all(processes.map((child) => child.stop()));
      const summary = {
        test: 'workers', requests, committedMs: committed, allBackedUpMs: finished,
        backupJobs: jobs.length, jobsTwice: twice(jobs.map((job) => job.instanceId)), jobStatuses: [...new Set(jobs.map((job) => job.status))],
        backupRecords: backupJobs.length, backupsTwice: twice(backupJobs.map((job) => job.instanceId)),
        copies: copies.length, copiesTwice: twice(copies.map((copy) => copy.job.instanceId)),
        distinctWorkers: new Set(jobs.map((job) => job.workerId)).size, perWorker, wrongQueue, cardsMissing, cardsPerService,
        killedWorker: {
          interruptedAfterMs, step,
          jobs: slowJobs.map((job) => ({ key: job.key.replace(/^[^#]*/, '…'), status: job.status, reason: job.reason })),
          records: slowRecords.map((record) => ({ status: record.status, reason: record.reason })),
        },
      };
      console.log(JSON.stringify(summary));

      expect(jobs).toHaveLength(requests);
      expect(summary.jobsTwice).toBe(0);
      expect(summary.jobStatuses).toEqual(['succeeded']);
      expect(backupJobs).toHaveLength(requests);
      expect(summary.backupsTwice).toBe(0);
      expect(copies).toHaveLength(requests);
      expect(summary.copiesTwice).toBe(0);
      expect(wrongQueue).toBe(0);
      expect(summary.distinctWorkers).toBeGreaterThanOrEqual(2);
      expect(cardsMissing).toBe(0);
      // Both service processes carried out cards: the outbox is shared, not owned by one of them.
      expect(Math.min(...cardsPerService)).toBeGreaterThan(0);
      // The killed job: interrupted with the reason, then retried once and finished.
      expect(slowJobs.map((job) => job.status)).toEqual(['interrupted', 'succeeded']);
      expect(slowJobs[0]!.reason).toContain('berhenti mengirim tanda hidup');
      expect(slowJobs[1]!.key).toMatch(/#retry1$/);
      expect(step).toBe('laporan_kasubbid');
      expect(slowRecords.map((record) => record.status)).toEqual(['failed', 'succeeded']);
    } catch (error) {
      for (const child of processes) console.error(`${child.name} exit ${JSON.stringify(child.exit)} stderr:\n${child.stderr.slice(-3000)}`);
      throw error;
    } finally {
      await Promise.allSettled(processes.map((child) => child.stop()));
      await driver.close();
    }
  }, 600_000);
});
