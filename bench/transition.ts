// Benchmark: how long one workflow transition takes with 10,000 open requests in the database,
// on SQLite and on PostgreSQL. Not a test: it prints figures.
//
//   npm run bench:transition [-- --open 10000 --samples 300]
//   (PostgreSQL: set CADANG_BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres)
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openCore, type CadangCore } from '../src/app.js';
import { loadConfig, sampleConfigFile } from '../src/config/load.js';
import { findPeople } from '../src/storage/people-repository.js';

const { values } = parseArgs({ options: { open: { type: 'string', default: '10000' }, samples: { type: 'string', default: '300' } } });
const openCount = Number(values.open);
const samples = Number(values.samples);

async function seedOpenRequests(core: CadangCore, count: number): Promise<string[]> {
  const { service } = core;
  const siti = (await findPeople(service.db, service.organisationId, 'Siti'))[0]!;
  const bambang = (await findPeople(service.db, service.organisationId, 'Bambang'))[0]!;
  const form = { tanggal: '2026-11-23', satker: 'Biro Umum', nama: siti.name, nomor_hp: '081234567890', nip: siti.nip, email: 'siti@contoh.go.id', nama_server: 'srv', nama_aplikasi: '', nama_folder: '', alasan: 'bench' };
  // One real request through the service gives the exact row shape at Kabid's step; the rest are
  // copies of it, inserted in bulk (creating 10,000 through the chat would measure the seeding).
  const first = await service.submitRequest('sop_b_backup_server', siti, form, 'bench-first');
  if (first.status !== 'accepted') throw new Error('seed failed');
  await service.decide({ instanceId: first.instance.id, stepId: 'disposisi_ka_ppiksn', choiceId: 'disposisi', person: bambang, key: 'bench-dispose' });
  const template = await service.db.workflowInstance.findUniqueOrThrow({ where: { id: first.instance.id } });
  const ids: string[] = [first.instance.id];
  const batch = 500;
  for (let start = 1; start < count; start += batch) {
    const rows = Array.from({ length: Math.min(batch, count - start) }, (_, i) => ({ ...template, id: randomUUID(), number: start + i + 1 }));
    await service.db.workflowInstance.createMany({ data: rows });
    await service.db.stepDeadline.createMany({ data: rows.map((row) => ({ id: randomUUID(), instanceId: row.id, stepId: 'seleksi_kabid', enteredAt: new Date(), dueAt: new Date(Date.now() + 5 * 3600_000) })) });
    await service.db.workflowEvent.createMany({ data: rows.map((row) => ({ instanceId: row.id, instanceVersion: row.version, idempotencyKey: `seed-${row.id}`, type: 'start', accepted: true, at: new Date() })) });
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

async function measure(label: string, databaseUrl: string): Promise<void> {
  const core = await openCore(loadConfig({ CADANG_CONFIG: sampleConfigFile, DATABASE_URL: databaseUrl }));
  try {
    const seedStart = performance.now();
    const ids = await seedOpenRequests(core, openCount);
    const open = await core.service.db.workflowInstance.count({ where: { status: 'open' } });
    const dewi = (await findPeople(core.service.db, core.service.organisationId, 'Dewi'))[0]!;
    const timings: number[] = [];
    for (let i = 0; i < samples; i++) {
      const instanceId = ids[(i * 37) % ids.length]!;
      const started = performance.now();
      const outcome = await core.service.decide({ instanceId, stepId: 'seleksi_kabid', choiceId: 'setujui', person: dewi, key: `bench-${i}` });
      timings.push(performance.now() - started);
      if (outcome.status !== 'accepted') throw new Error(`transition ${i} was ${outcome.status}`);
    }
    timings.sort((a, b) => a - b);
    const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(2);
    console.log(`${label}: ${open} open requests (seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s); ${samples} transitions (Kabid PJKKD approves): median ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms`);
  } finally {
    await core.close();
  }
}

const sqliteDir = mkdtempSync(join(tmpdir(), 'cadang-bench-'));
await measure('SQLite', `file:${join(sqliteDir, 'bench.db')}`);

const adminUrl = process.env.CADANG_BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: adminUrl });
try {
  await admin.connect();
} catch (error) {
  console.log(`PostgreSQL: not reachable at ${adminUrl} (${(error as Error).message}); skipped`);
  process.exit(0);
}
const database = `cadang_bench_${Date.now()}`;
await admin.query(`CREATE DATABASE ${database}`);
try {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  await measure('PostgreSQL', url.toString());
} finally {
  await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
  await admin.end();
}
