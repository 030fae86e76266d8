import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBackupJob } from '../../src/backup/backup-job.js';
import { createMemoryJobStore } from '../../src/backup/job-store.js';
import { createLogger, withContext } from '../../src/log/logger.js';
import { makeConfig, makeTempDir } from './helpers.js';

/** A JSON logger whose lines are kept for the test to read. */
function collectingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { logger: createLogger({ env: { LOG_FORMAT: 'json', LOG_LEVEL: 'info' }, destination: stream }), records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('the executor logs through pino', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => {
    tmp = await makeTempDir('executor-log');
  });
  afterEach(() => tmp.remove());

  it('every line of a backup job carries the run number and the job id', async () => {
    const source = join(tmp.dir, 'data');
    await mkdir(source);
    await writeFile(join(source, 'surat.txt'), 'Nomor: 12/LPM/2026\n');
    const config = makeConfig({ internalFolder: join(tmp.dir, 'backups'), targets: [{ name: 'arsip', kind: 'files', include: [source] }] });
    const { logger, records } = collectingLogger();
    const { jobId, outcome } = await runBackupJob(createMemoryJobStore(), config.targets[0]!, { kind: 'internal', folder: join(tmp.dir, 'backups') }, { config, logger: withContext(logger, { run: 12 }) });
    expect(outcome.status).toBe('succeeded');
    const lines = records();
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['backup.command', 'backup.succeeded']));
    for (const line of lines) expect(line).toMatchObject({ run: 12, job: jobId, target: 'arsip', event: line.msg });
    expect(lines.filter((line) => line.msg === 'backup.command').map((line) => line.command)).toContainEqual(expect.stringMatching(/^tar /));
  });

  it('a failed backup is an error line with its code', async () => {
    const config = makeConfig({ internalFolder: join(tmp.dir, 'backups'), targets: [{ name: 'hilang', kind: 'files', include: [join(tmp.dir, 'tidak-ada')] }] });
    const { logger, records } = collectingLogger();
    const { jobId } = await runBackupJob(createMemoryJobStore(), config.targets[0]!, { kind: 'internal', folder: join(tmp.dir, 'backups') }, { config, logger });
    expect(records()).toContainEqual(expect.objectContaining({ level: 50, msg: 'backup.failed', code: 'source-missing', job: jobId, target: 'hilang' }));
  });
});
