import { openCore, type CadangCore } from '../../src/app.js';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import { findPeople, type PersonRecord } from '../../src/storage/people-repository.js';
import { openTestDatabase, type TestDatabase } from '../support/services.js';

/** The sample organisation on a fresh test database, with the service and a way to find people. */
export interface ServiceFixture {
  core: CadangCore;
  person(name: string): Promise<PersonRecord>;
  close(): Promise<void>;
}

export async function openServiceFixture(provider: 'sqlite' | 'postgresql', env: Record<string, string> = {}, clock?: () => Date): Promise<ServiceFixture> {
  const testDb: TestDatabase = await openTestDatabase(provider);
  const core = await openCore(loadConfig({ CADANG_CONFIG: sampleConfigFile, DATABASE_URL: testDb.url, ...env }), clock ? { clock } : {});
  return {
    core,
    async person(name) {
      const [found] = await findPeople(core.service.db, core.service.organisationId, name);
      if (!found) throw new Error(`no person ${name}`);
      return found;
    },
    async close() {
      await core.close();
      await testDb.close();
    },
  };
}

export const requestForm = {
  tanggal: '2026-11-23', satker: 'Biro Umum', nama: 'Siti Rahmawati', nomor_hp: '081234567890', nip: '199202292015032001',
  email: 'siti@contoh.go.id', nama_server: 'srv-simpeg', nama_aplikasi: '', nama_folder: '', alasan: 'Migrasi server SIMPEG',
};

/** Submits a request and has Ka. PPIKSN dispose it, so it waits at Kabid PJKKD's selection. */
export async function requestAtKabid(fixture: ServiceFixture): Promise<string> {
  const { service } = fixture.core;
  const submitted = await service.submitRequest('sop_b_backup_server', await fixture.person('Siti'), requestForm, `submit-${Math.random()}`);
  if (submitted.status !== 'accepted') throw new Error(`submit ${JSON.stringify(submitted)}`);
  const disposed = await service.decide({ instanceId: submitted.instance.id, stepId: 'disposisi_ka_ppiksn', choiceId: 'disposisi', person: await fixture.person('Bambang'), key: `dispose-${Math.random()}` });
  if (disposed.status !== 'accepted') throw new Error(`dispose ${JSON.stringify(disposed)}`);
  return submitted.instance.id;
}
