import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBackupJob } from '../../src/backup/backup-job.js';
import { runBackup } from '../../src/backup/executor.js';
import { createMemoryJobStore } from '../../src/backup/job-store.js';
import { createPrismaJobStore } from '../../src/storage/backup-repository.js';
import type { BackupDestination } from '../../src/backup/types.js';
import { openTestDatabase } from '../support/services.js';
import { makeConfig, makeTempDir } from './helpers.js';

describe('jobs: records, cancellation, time limits, one job per target, faults', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  let source: string;
  let internal: string;
  let destination: BackupDestination;
  beforeEach(async () => {
    tmp = await makeTempDir('jobs');
    source = join(tmp.dir, 'data');
    internal = join(tmp.dir, 'backups');
    destination = { kind: 'internal', folder: internal };
    await mkdir(source);
    for (let i = 0; i < 4; i += 1) await writeFile(join(source, `f${i}.bin`), randomBytes(4 * 1024 * 1024));
  });
  afterEach(() => tmp.remove());

  it('records queued → running → succeeded and the copy in the database', async () => {
    const database = await openTestDatabase('sqlite');
    try {
      const store = createPrismaJobStore(database.db);
      const config = makeConfig({ internalFolder: internal, targets: [{ name: 'arsip', kind: 'files', include: [source] }] });
      const { jobId, outcome } = await runBackupJob(store, config.targets[0]!, destination, { config, instanceId: 'sop-a-1' });
      expect(outcome.status).toBe('succeeded');
      expect(await store.getJob(jobId)).toMatchObject({ status: 'succeeded', targetName: 'arsip', instanceId: 'sop-a-1', startedAt: expect.any(Date), finishedAt: expect.any(Date) });
      const [copy] = await store.listCopies('arsip');
      expect(copy).toMatchObject({ jobId, verifyResult: 'ok', sizeBytes: outcome.status === 'succeeded' ? outcome.copy.sizeBytes : -1 });
      expect(copy!.manifest.target).toBe('arsip');

      const missing = makeConfig({ internalFolder: internal, targets: [{ name: 'hilang', kind: 'files', include: [join(tmp.dir, 'tidak-ada')] }] });
      const failed = await runBackupJob(store, missing.targets[0]!, destination, { config: missing });
      expect(await store.getJob(failed.jobId)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^source-missing: Data sumber untuk target hilang/) });
    } finally {
      await database.close();
    }
  });

  it('cancels through an AbortSignal: job cancelled, tools stopped, no file left', async () => {
    const store = createMemoryJobStore();
    const config = makeConfig({ internalFolder: internal, compression: { level: 19, threads: 1 }, targets: [{ name: 'arsip', kind: 'files', include: [source] }] });
    const controller = new AbortController();
    const { jobId, outcome } = await runBackupJob(store, config.targets[0]!, destination, {
      config,
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (event) => event.phase === 'compress' && controller.abort(),
    });
    expect(outcome).toMatchObject({ status: 'cancelled', message: 'Backup arsip dibatalkan.' });
    expect(store.jobs.get(jobId)).toMatchObject({ status: 'cancelled' });
    expect(await readdir(join(internal, 'arsip'))).toEqual([]);
  });

  it('stops a stuck tool after the stall limit with a timeout reason', async () => {
    const stuck = join(tmp.dir, 'tar-macet');
    await writeFile(stuck, '#!/bin/sh\nexec sleep 60\n');
    await chmod(stuck, 0o755);
    const config = makeConfig({ internalFolder: internal, tools: { tar: stuck }, timeouts: { stallSeconds: 1, maxSeconds: 60 }, targets: [{ name: 'arsip', kind: 'files', include: [source] }] });
    const started = Date.now();
    const outcome = await runBackup(config.targets[0]!, destination, { config });
    expect(outcome).toMatchObject({ status: 'failed', code: 'timeout', message: 'Proses backup arsip tidak bergerak selama 1 detik dan dihentikan.' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await readdir(join(internal, 'arsip'))).toEqual([]);
  });

  it('never runs two jobs on the same target at once', async () => {
    const config = makeConfig({ internalFolder: internal, targets: [{ name: 'arsip', kind: 'files', include: [source] }] });
    const [a, b] = await Promise.all([runBackup(config.targets[0]!, destination, { config }), runBackup(config.targets[0]!, destination, { config })]);
    expect([a.status, b.status].sort()).toEqual(['failed', 'succeeded']);
    expect([a, b].find((outcome) => outcome.status === 'failed')).toMatchObject({ code: 'target-busy' });
    // Once the first is done, the target is free again.
    expect((await runBackup(config.targets[0]!, destination, { config })).status).toBe('succeeded');
  });

  it('names the Debian package of a missing tool', async () => {
    const config = makeConfig({ internalFolder: internal, tools: { zstd: '/opt/tidak-ada/zstd' }, targets: [{ name: 'arsip', kind: 'files', include: [source] }] });
    const outcome = await runBackup(config.targets[0]!, destination, { config, locale: 'en' });
    expect(outcome).toMatchObject({ status: 'failed', code: 'tool-missing', message: 'The program zstd is not installed on this server. Install the Debian package "zstd" and try again.' });
  });

  it('reports an unreachable database server as host-unreachable', async () => {
    const config = makeConfig({ internalFolder: internal, targets: [{ name: 'jauh', kind: 'postgres', connection: { host: '127.0.0.1', port: 1, user: 'x', database: 'x' } }] });
    const outcome = await runBackup(config.targets[0]!, destination, { config });
    expect(outcome).toMatchObject({
      status: 'failed',
      code: 'host-unreachable',
      message: 'Server sumber data jauh tidak dapat dihubungi. Pesan psql: «psql: error: connection to server at "127.0.0.1", port 1 failed: Connection refused»',
    });
  });
});
