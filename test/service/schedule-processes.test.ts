// The Jadwal Backup in real service processes (`npm start`, bin/start.js) on one PostgreSQL: a
// schedule firing every second, seeded from the configuration. Two processes fire each second
// once; both are SIGKILLed; a third starts later and starts the firings missed meanwhile (within
// the grace period they are on time). No firing is lost, none is started twice, and every firing
// has its own SOP A run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFirings } from '../../src/storage/schedule-repository.js';
import { CadangProcess, Driver, waitUntil, writeConfig } from '../support/service-processes.js';
import { createScratchPostgres, hasPostgres, type ScratchPostgres } from '../support/services.js';

const work = mkdtempSync(join(tmpdir(), 'cadang-schedule-processes-'));
const started: CadangProcess[] = [];
let postgres: ScratchPostgres | undefined;
let driver: Driver | undefined;

afterAll(async () => {
  await Promise.allSettled(started.map((child) => child.kill()));
  await driver?.close();
  await postgres?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe.runIf(hasPostgres)('the Jadwal Backup in real service processes on one PostgreSQL', () => {
  it('two processes fire each firing once; after both are killed, a new process starts what was missed; nothing lost, nothing twice', async () => {
    postgres = await createScratchPostgres('jadwal');
    const source = join(work, 'kecil');
    mkdirSync(source);
    writeFileSync(join(source, 'nilai.csv'), 'nim,nilai\n1001,A\n');
    const configFile = writeConfig(work, {
      backup: { internalFolder: join(work, 'internal'), targets: [{ name: 'kecil', kind: 'files', include: [source], schedule: '* * * * * *' }], media: [] },
    });
    const env = { CADANG_CONFIG: configFile, DATABASE_URL: postgres.url };
    driver = await Driver.open(configFile, postgres.url); // seeds the schedule "kecil" and reads the database
    const firings = () => listFirings(driver!.db, 'kecil', 1000);

    const [a, b] = await Promise.all([CadangProcess.service('a', work, env), CadangProcess.service('b', work, env)]);
    started.push(a, b);
    await waitUntil(async () => (await firings()).length >= 4, 30_000, 'four firings');
    await Promise.all([a.kill(), b.kill()]);
    const killedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2000)); // firings pass while no process runs

    const c = await CadangProcess.service('c', work, env);
    started.push(c);
    // The new process finds the firings of the gap, and goes on firing.
    await waitUntil(async () => {
      const now = await firings();
      return now.some((firing) => firing.fireAt.getTime() > killedAt + 3000) && now.every((firing) => firing.instanceId !== null);
    }, 30_000, 'firings after the restart, each with its run');
    await c.stop();

    const all = (await firings()).reverse();
    const seconds = all.map((firing) => firing.fireAt.getTime() / 1000);
    // Every second from the first firing to the last, once: none lost across the kill and restart.
    expect(seconds).toEqual(Array.from({ length: seconds.length }, (_, index) => seconds[0]! + index));
    expect(all.every((firing) => firing.outcome === 'started' && firing.instanceId !== null)).toBe(true);
    expect(new Set(all.map((firing) => firing.instanceId)).size).toBe(all.length);
    expect(await driver.db.workflowInstance.count({ where: { definitionKey: 'sop_a_backup_terjadwal' } })).toBe(all.length);
    // Claimed by these three processes only; the gap's firings by the one started after it.
    const claimants = new Set(all.map((firing) => Number(firing.claimedBy.split(':')[1])));
    expect([...claimants].every((pid) => [a.pid, b.pid, c.pid].includes(pid))).toBe(true);
    expect(all.filter((firing) => firing.fireAt.getTime() > killedAt + 1000 && firing.fireAt.getTime() < killedAt + 2000).map((firing) => Number(firing.claimedBy.split(':')[1]))).toEqual([c.pid]);
  }, 120_000);
});
