// The crash test of issue 11: the real service process (`src/main.ts`, terminal chat on stdout)
// is SIGKILLed (1) after a commit before its effects ran, (2) while a card is being sent,
// (3) during a backup job, (4) during PDF rendering, and started again each time. Decisions are
// made by the test on the same database (the service carries out their stored effects); cards
// are counted in what the terminal chat printed; the rest is counted in the database.
import { randomFillSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, hasPostgres, type ScratchPostgres } from '../support/services.js';
import { CadangProcess, countCards, Driver, noisePng, printedCards, sopBApprovals, waitUntil, writeConfig } from '../support/service-processes.js';

// One round per database by default (each round is four kills and restarts); CADANG_CRASH_ROUNDS=3 loops.
const rounds = Number(process.env.CADANG_CRASH_ROUNDS ?? 1);
const work = mkdtempSync(join(tmpdir(), 'cadang-crash-'));
const small = join(work, 'kecil');
const large = join(work, 'besar');
const logo = join(work, 'logo-besar.png');
const started: CadangProcess[] = [];

beforeAll(() => {
  mkdirSync(small);
  writeFileSync(join(small, 'nilai.csv'), 'nim,nama,nilai\n1001,Ayu Lestari,A\n'.repeat(200));
  // Incompressible data, so tar | zstd takes long enough to be caught running.
  mkdirSync(large);
  for (let index = 0; index < 16; index++) writeFileSync(join(large, `arsip-${index}.bin`), randomFillSync(Buffer.alloc(10 * 1024 * 1024)));
  writeFileSync(logo, noisePng(2400, 2400));
});

afterAll(async () => {
  await Promise.allSettled(started.map((child) => child.kill()));
  rmSync(work, { recursive: true, force: true });
});


/** Everything one provider's crash test shares: its folder, database, configuration and service process. */
class CrashBench {
  service!: CadangProcess;
  readonly processes: CadangProcess[] = [];
  private constructor(readonly provider: string, readonly dir: string, readonly env: Record<string, string>, readonly driver: Driver) {}

  static async open(provider: string, databaseUrl: (dir: string) => string): Promise<CrashBench> {
    const dir = join(work, provider);
    const medium = join(dir, 'usb');
    mkdirSync(medium, { recursive: true });
    writeFileSync(join(medium, '.cadang-medium'), 'USB-UJI-01\n');
    const configFile = writeConfig(dir, {
      backup: {
        internalFolder: join(dir, 'internal'),
        targets: [
          { name: 'kecil', kind: 'files', include: [small] },
          { name: 'besar', kind: 'files', include: [large] },
        ],
        media: [{ label: 'USB-UJI-01', kind: 'flash-disk', capacityBytes: 64e9, mountPoint: medium }],
      },
      sopALogo: logo,
    });
    const url = databaseUrl(dir);
    const env = { CADANG_CONFIG: configFile, DATABASE_URL: url, CADANG_JOB_SILENT_AFTER_MS: '3000', CADANG_JOB_HEARTBEAT_MS: '500', CADANG_JOB_RECOVERY_MS: '1000' };
    // The test's own core migrates the database before any service process opens it.
    const bench = new CrashBench(provider, dir, env, await Driver.open(configFile, url));
    await bench.start();
    return bench;
  }

  async start(): Promise<void> {
    this.service = await CadangProcess.service(`service-${this.processes.length + 1}`, this.dir, this.env);
    this.processes.push(this.service);
    started.push(this.service);
  }

  async killAndRestart(): Promise<void> {
    await this.service.kill();
    await this.start();
  }

  /** Every card printed by every service process so far. */
  cards() {
    return countCards(printedCards(this.processes.map((process) => process.stdout).join('\n')));
  }

  async waitForStep(instanceId: string, steps: string[], what: string, timeoutMs = 60_000): Promise<string> {
    let step: string | null = null;
    await this.service.waitFor(async () => steps.includes((step = await this.driver.currentStep(instanceId)) ?? ''), timeoutMs, () => `${what} (at ${step})`);
    return step!;
  }

  async waitForCard(run: number, step: string, timeoutMs = 30_000): Promise<void> {
    await this.service.waitFor(() => (this.cards().get(`${run}/${step}`) ?? 0) > 0, timeoutMs, `the card of #${run} step ${step}`);
  }

  async jobOf(instanceId: string, kind: string) {
    return this.driver.db.job.findFirst({ where: { instanceId, kind }, orderBy: { createdAt: 'desc' } });
  }
}

/** What one round left to check, per scenario. */
interface RoundRuns {
  committedWhileStopped: Array<{ id: string; number: number; expect: string; card: string }>;
  cardBeingSent: { id: string; number: number; caughtSending: boolean };
  backup: { id: string; number: number; caughtRunning: boolean };
  rendering: { id: string; number: number; caughtRunning: boolean };
}

async function sopBAt(bench: CrashBench, label: string, approvals: number): Promise<{ id: string; number: number }> {
  const run = await bench.driver.submit(label);
  for (const [stepId, choiceId, name] of sopBApprovals.slice(0, approvals)) await bench.driver.decide(run.id, stepId, choiceId, name);
  return run;
}

async function crashRound(bench: CrashBench, round: number): Promise<RoundRuns> {
  const { driver } = bench;
  // Runs brought to the steps the scenarios decide.
  const atKabid = await sopBAt(bench, `${round}-1`, 1);
  const atAdministrator = await sopBAt(bench, `${round}-2`, 3);
  const toSend = await sopBAt(bench, `${round}-3`, 1);
  const toBackUp = await sopBAt(bench, `${round}-4`, 3);
  const order = await driver.order(`${round}-5`);
  await driver.decide(order.id, 'perintah_backup', 'perintahkan', 'Ahmad');
  await driver.decide(order.id, 'siapkan_ceklis', 'ceklis_siap', 'Budi', { targets: ['kecil'] });
  await driver.decide(order.id, 'koreksi_ceklis', 'setujui', 'Rina');
  await driver.decide(order.id, 'siapkan_media', 'media_siap', 'Budi', { medium: 'USB-UJI-01' });
  await bench.waitForStep(order.id, ['isi_ceklis'], `#${order.number} copied to the medium`);
  // The checklist PDF (a job of its own) is issued before the kills, so each kill below hits one known job.
  await waitUntil(async () => (await bench.jobOf(order.id, 'render-document'))?.status === 'succeeded', 60_000, `the checklist of #${order.number}`);

  // (1) Committed while the service cannot run its effects, then killed: the effects are in the
  // outbox only. On PostgreSQL the service is frozen (SIGSTOP) meanwhile; on SQLite a frozen
  // process may hold the file's lock and block the commit, so there it is killed first.
  if (bench.provider === 'postgresql') bench.service.signal('SIGSTOP');
  else await bench.service.kill();
  await driver.decide(atKabid.id, 'seleksi_kabid', 'setujui', 'Dewi');
  await driver.decide(atAdministrator.id, 'proses_administrator', 'ditindaklanjuti', 'Rudi', { targets: ['kecil'] });
  await bench.killAndRestart();
  await bench.waitForStep(atAdministrator.id, ['laporan_kasubbid'], `#${atAdministrator.number} backed up after the restart`);

  // (2) Killed while the card is being sent: the outbox row is claimed but not yet done.
  await driver.decide(toSend.id, 'seleksi_kabid', 'setujui', 'Dewi');
  let caughtSending = false;
  await waitUntil(async () => {
    const row = await driver.db.outboxEffect.findFirst({ where: { instanceId: toSend.id, kind: 'request-decision', status: { not: 'done' }, claimedBy: { not: null } } });
    if (row) caughtSending = true;
    return caughtSending || (await driver.db.outboxEffect.count({ where: { instanceId: toSend.id, status: 'pending' } })) === 0;
  }, 10_000, `the card of #${toSend.number} being sent`, 5);
  await bench.killAndRestart();

  // (3) Killed during a backup job: the job row is running and the executor has started.
  await driver.decide(toBackUp.id, 'proses_administrator', 'ditindaklanjuti', 'Rudi', { targets: ['besar'] });
  await waitUntil(async () => (await bench.jobOf(toBackUp.id, 'backup'))?.status === 'running'
    && (await driver.db.backupJob.count({ where: { instanceId: toBackUp.id, status: 'running' } })) > 0, 30_000, `the backup of #${toBackUp.number} running`, 20);
  const backupCaught = (await bench.jobOf(toBackUp.id, 'backup'))?.status === 'running';
  await bench.killAndRestart();

  // (4) Killed while the berita acara is being rendered.
  await driver.decide(order.id, 'isi_ceklis', 'ceklis_terisi', 'Budi');
  await waitUntil(async () => (await bench.jobOf(order.id, 'render-documents'))?.status === 'running', 30_000, `the documents of #${order.number} rendering`, 20);
  const renderCaught = (await bench.jobOf(order.id, 'render-documents'))?.status === 'running';
  await bench.killAndRestart();

  return {
    committedWhileStopped: [
      { ...atKabid, expect: 'seleksi_kasubbid', card: '4' },
      { ...atAdministrator, expect: 'laporan_kasubbid', card: '6' },
    ],
    cardBeingSent: { ...toSend, caughtSending },
    backup: { ...toBackUp, caughtRunning: backupCaught },
    rendering: { ...order, caughtRunning: renderCaught },
  };
}

/** The database's own account of what happened, counted the way an auditor would. */
async function countAll(driver: Driver) {
  const { db } = driver;
  const events = await db.workflowEvent.groupBy({ by: ['instanceId', 'stepId', 'type'], where: { accepted: true }, _count: { _all: true } });
  const backupJobs = await db.backupJob.groupBy({ by: ['instanceId', 'targetName'], _count: { _all: true } });
  const copies = await db.backupCopy.findMany({ select: { targetName: true, job: { select: { instanceId: true } } } });
  const copiesPer = new Map<string, number>();
  for (const copy of copies) copiesPer.set(`${copy.job.instanceId}/${copy.targetName}`, (copiesPer.get(`${copy.job.instanceId}/${copy.targetName}`) ?? 0) + 1);
  const jobs = await db.job.findMany({ select: { key: true, kind: true, status: true, instanceId: true, stepId: true } });
  const jobsPerEntry = new Map<string, number>();
  // One job per (outbox key, queue); a retry is a job of its own under `…#retryN`.
  for (const job of jobs) if (!job.key.includes('#retry')) jobsPerEntry.set(job.key, (jobsPerEntry.get(job.key) ?? 0) + 1);
  const systemSteps = ['jalankan_backup', 'salin_data', 'buat_berita_acara'];
  return {
    runs: await db.workflowInstance.count(),
    decisionsTwice: events.filter((group) => group._count._all > 1).length,
    decisions: events.reduce((sum, group) => sum + group._count._all, 0),
    backupJobs: backupJobs.reduce((sum, group) => sum + group._count._all, 0),
    backupsTwice: backupJobs.filter((group) => group._count._all > 1).length,
    copies: copies.length,
    copiesTwice: [...copiesPer.values()].filter((count) => count > 1).length,
    backupJobRowsRunning: await db.backupJob.count({ where: { status: { in: ['queued', 'running'] } } }),
    jobs: jobs.length,
    jobsByStatus: Object.fromEntries(['succeeded', 'failed', 'interrupted', 'cancelled', 'queued', 'running'].map((status) => [status, jobs.filter((job) => job.status === status).length])),
    jobsTwice: [...jobsPerEntry.values()].filter((count) => count > 1).length,
    interruptedByKind: Object.fromEntries(['backup', 'render-documents', 'render-document'].map((kind) => [kind, jobs.filter((job) => job.kind === kind && job.status === 'interrupted').length])),
    stuckAtSystemStep: await db.workflowInstance.count({ where: { status: 'open', currentStep: { in: systemSteps } } }),
    outbox: {
      pending: await db.outboxEffect.count({ where: { status: 'pending' } }),
      parked: await db.outboxEffect.count({ where: { status: 'parked' } }),
      done: await db.outboxEffect.count({ where: { status: 'done' } }),
    },
  };
}

async function crashTest(provider: 'sqlite' | 'postgresql', databaseUrl: (dir: string) => string): Promise<void> {
  const bench = await CrashBench.open(provider, databaseUrl);
  try {
    const results: RoundRuns[] = [];
    for (let round = 1; round <= rounds; round++) results.push(await crashRound(bench, round));

    // After the last restart: everything the kills interrupted is recovered or reported.
    const { db } = bench.driver;
    const watched = results.flatMap((runs) => [...runs.committedWhileStopped, runs.cardBeingSent, runs.backup, runs.rendering]);
    await bench.service.waitFor(async () => (await db.workflowInstance.count({ where: { id: { in: watched.map((run) => run.id) }, currentStep: { in: ['jalankan_backup', 'salin_data', 'buat_berita_acara'] } } })) === 0
      && (await db.job.count({ where: { status: { in: ['queued', 'running'] } } })) === 0
      && (await db.outboxEffect.count({ where: { status: 'pending' } })) === 0, 90_000, 'every interrupted job to be recovered').catch(async (error: unknown) => {
      // Say what is left: the jobs, effects and runs that did not recover.
      const left = {
        jobs: await db.job.findMany({ where: { status: { in: ['queued', 'running'] } }, select: { key: true, kind: true, status: true, workerId: true, heartbeatAt: true, attempts: true } }),
        effects: await db.outboxEffect.findMany({ where: { status: 'pending' }, select: { key: true, kind: true, attempts: true, lastError: true, claimedBy: true } }),
        runs: await db.workflowInstance.findMany({ where: { currentStep: { in: ['jalankan_backup', 'salin_data', 'buat_berita_acara'] } }, select: { number: true, currentStep: true, version: true } }),
      };
      throw new Error(`${(error as Error).message}\nleft: ${JSON.stringify(left)}`);
    });

    const cardsMissing: string[] = [];
    for (const runs of results) {
      for (const run of runs.committedWhileStopped) {
        expect(await bench.driver.currentStep(run.id)).toBe(run.expect);
        await bench.waitForCard(run.number, run.card).catch(() => cardsMissing.push(`${run.number}/${run.card}`));
      }
      // The Kasubbid's card, whether the kill came before, during or after sending it.
      expect(await bench.driver.currentStep(runs.cardBeingSent.id)).toBe('seleksi_kasubbid');
      await bench.waitForCard(runs.cardBeingSent.number, '4').catch(() => cardsMissing.push(`${runs.cardBeingSent.number}/4`));
      // The killed backup ends failed with the reason, and the run goes back to the Administrator.
      expect(await bench.driver.currentStep(runs.backup.id)).toBe('proses_administrator');
      const backupJob = await bench.jobOf(runs.backup.id, 'backup');
      expect(backupJob).toMatchObject({ status: 'interrupted', reason: expect.stringContaining('berhenti mengirim tanda hidup') });
      const backupResult = await db.workflowEvent.findFirstOrThrow({ where: { instanceId: runs.backup.id, stepId: 'jalankan_backup', accepted: true } });
      expect(backupResult).toMatchObject({ choice: 'failed', reason: expect.stringContaining('berhenti mengirim tanda hidup') });
      await bench.waitForCard(runs.backup.number, '5').catch(() => cardsMissing.push(`${runs.backup.number}/5`));
      // The killed rendering ends failed with the reason; the officer fills the checklist again.
      expect(await bench.driver.currentStep(runs.rendering.id)).toBe('isi_ceklis');
      expect(await bench.jobOf(runs.rendering.id, 'render-documents')).toMatchObject({ status: 'interrupted' });
      await bench.waitForCard(runs.rendering.number, '8').catch(() => cardsMissing.push(`${runs.rendering.number}/8`));
    }

    await bench.service.stop();
    const counts = await countAll(bench.driver);
    const cards = bench.cards();
    const summary = {
      test: 'crash', provider, rounds, kills: bench.processes.length - 1,
      caught: {
        cardBeingSent: results.filter((runs) => runs.cardBeingSent.caughtSending).length,
        backupRunning: results.filter((runs) => runs.backup.caughtRunning).length,
        renderingRunning: results.filter((runs) => runs.rendering.caughtRunning).length,
      },
      cardsPrinted: [...cards.values()].reduce((sum, count) => sum + count, 0),
      cardsRepeated: [...cards.values()].filter((count) => count > 1).length,
      cardsMissing: cardsMissing.length,
      ...counts,
    };
    console.log(JSON.stringify(summary));

    expect(cardsMissing).toEqual([]);
    expect(counts.decisionsTwice).toBe(0);
    expect(counts.backupsTwice).toBe(0);
    expect(counts.copiesTwice).toBe(0);
    expect(counts.jobsTwice).toBe(0);
    expect(counts.stuckAtSystemStep).toBe(0);
    expect(counts.jobsByStatus.running).toBe(0);
    expect(counts.jobsByStatus.queued).toBe(0);
    // Exactly the killed backup and the killed berita acara of each round were interrupted (a
    // document job running beside the berita acara, the filled checklist, may have been too).
    expect(counts.interruptedByKind.backup).toBe(rounds);
    expect(counts.interruptedByKind['render-documents']).toBe(rounds);
    expect(counts.backupJobRowsRunning).toBe(0);
    expect(counts.outbox).toMatchObject({ pending: 0, parked: 0 });
    // Every scenario was really hit while the work ran, at least once.
    expect(summary.caught.backupRunning).toBe(rounds);
    expect(summary.caught.renderingRunning).toBe(rounds);
  } catch (error) {
    for (const child of bench.processes) console.error(`${child.name} exit ${JSON.stringify(child.exit)} stderr:\n${child.stderr.slice(-4000)}`);
    throw error;
  } finally {
    await bench.service.stop();
    await bench.driver.close();
  }
}

// The two databases run side by side: each has its own folder, database and processes.
describe.concurrent('a SIGKILLed service loses nothing and repeats nothing', () => {
  let postgres: ScratchPostgres | undefined;
  afterAll(async () => postgres?.drop());

  it('on SQLite', async () => {
    await crashTest('sqlite', (dir) => `file:${join(dir, 'cadang.db')}`);
  }, 600_000);

  it.skipIf(!hasPostgres)('on PostgreSQL', async () => {
    postgres = await createScratchPostgres('crash');
    await crashTest('postgresql', () => postgres!.url);
  }, 600_000);
});
