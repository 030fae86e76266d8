// `cadang targets list` reads registered targets through the driver alone (no Prisma client):
// the rows and their order must be exactly what the Prisma repository function returns.
import { describe, expect, it } from 'vitest';
import { openDatabaseReader } from '../../src/storage/database-reader.js';
import { listStoredTargets, readStoredTargets } from '../../src/storage/backup-repository.js';
import { hasPostgres, openTestDatabase } from '../support/services.js';
import type { DatabaseProvider } from '../../src/storage/database.js';

for (const provider of ['sqlite', 'postgresql'] as DatabaseProvider[]) {
  describe.skipIf(provider === 'postgresql' && !hasPostgres)(`registered targets on ${provider}`, () => {
    it('are the rows listStoredTargets returns, in its order, for one organisation only', async () => {
      const database = await openTestDatabase(provider);
      try {
        const { db } = database;
        for (const id of ['org-a', 'org-b']) await db.organisation.create({ data: { id, name: id } });
        // Names whose order differs by case, digits and punctuation; JSON with quotes and non-ASCII.
        const names = ['simpeg-db', 'Arsip', 'app_2', 'app-10', 'zz', 'ärsip'];
        for (const [index, name] of names.entries()) {
          await db.backupTarget.create({ data: { id: `a${index}`, organisationId: 'org-a', name, kind: 'files', config: JSON.stringify({ include: [`/srv/${name}`], note: 'Surat "Keputusan" — ñ' }) } });
        }
        await db.backupTarget.create({ data: { id: 'b0', organisationId: 'org-b', name: 'lain', kind: 'sqlite', config: '{"path":"/x.db"}' } });

        const reader = await openDatabaseReader(database.url);
        try {
          const read = await readStoredTargets(reader, 'org-a');
          expect(read).toEqual(await listStoredTargets(db, 'org-a'));
          expect(read.map((row) => row.name)).toHaveLength(names.length);
          expect(read[0]).toEqual({ name: expect.any(String), kind: 'files', config: expect.stringContaining('Surat \\"Keputusan\\" — ñ') });
          expect(await readStoredTargets(reader, 'org-b')).toEqual([{ name: 'lain', kind: 'sqlite', config: '{"path":"/x.db"}' }]);
          expect(await readStoredTargets(reader, 'org-none')).toEqual([]);
        } finally {
          await reader.close();
        }
      } finally {
        await database.close();
      }
    });
  });
}
