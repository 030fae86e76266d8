import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveDocument, formatDocumentNumber, nextDocumentNumber } from '../../src/reports/archive.js';
import { reportsConfigSchema } from '../../src/reports/config.js';
import { hasPostgres, openTestDatabase, type TestDatabase } from '../support/services.js';

describe('number patterns', () => {
  it('fills {seq}, {seq:3}, {year}, {month} and {romanMonth}', () => {
    expect(formatDocumentNumber('{seq:3}/BA-BACKUP/PTID/{year}', { sequence: 7, year: 2026 })).toBe('007/BA-BACKUP/PTID/2026');
    expect(formatDocumentNumber('{seq}/TU/{romanMonth}/{year}', { sequence: 31, year: 2026, month: 11 })).toBe('31/TU/XI/2026');
    expect(formatDocumentNumber('B-{seq:4}/{month}/{year}', { sequence: 12345, year: 2027, month: 2 })).toBe('B-12345/02/2027');
    expect(() => formatDocumentNumber('{seq}/{tahun}', { sequence: 1, year: 2026 })).toThrow(/\{tahun\}/);
  });

  it('configuration rejects a pattern without {seq} and fills sensible defaults', () => {
    const config = reportsConfigSchema.parse(undefined);
    expect(config.numbering['berita-acara']).toBe('{seq:3}/BA-BACKUP/PTID/{year}');
    expect(config.letterhead.city).toBe('Pontianak');
    expect(config.archiveFolder).toBe('./data/documents');
    expect(() => reportsConfigSchema.parse({ numbering: { 'berita-acara': 'BA/{year}' } })).toThrow(/must contain \{seq\}/);
    expect(() => reportsConfigSchema.parse({ timeZone: 'Asia/Pontianakk' })).toThrow(/unknown time zone/);
  });
});

for (const provider of ['sqlite', 'postgresql'] as const) {
  describe.skipIf(provider === 'postgresql' && !hasPostgres)(`numbers and archive on ${provider}`, () => {
    let database: TestDatabase;
    let folder: string;

    beforeAll(async () => {
      database = await openTestDatabase(provider);
      folder = await mkdtemp(join(tmpdir(), 'cadang-archive-'));
    });

    afterAll(async () => {
      await database?.close();
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    it('never gives a number twice, even to concurrent callers', async () => {
      const request = { organisationId: 'iain-ptk', kind: 'berita-acara', year: 2026, pattern: '{seq:3}/BA-BACKUP/PTID/{year}' };
      const numbers = await Promise.all(Array.from({ length: 12 }, () => nextDocumentNumber(database.db, request)));
      expect(numbers.map((n) => n.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(new Set(numbers.map((n) => n.number)).size).toBe(12);
      expect((await nextDocumentNumber(database.db, request)).number).toBe('013/BA-BACKUP/PTID/2026');
      // Each year and each kind counts on its own.
      expect((await nextDocumentNumber(database.db, { ...request, year: 2027 })).number).toBe('001/BA-BACKUP/PTID/2027');
      expect((await nextDocumentNumber(database.db, { ...request, kind: 'reply-letter', pattern: '{seq}/TU/{year}' })).number).toBe('1/TU/2026');
    });

    it('archives a PDF atomically with its SHA-256, once', async () => {
      const bytes = new TextEncoder().encode('%PDF-1.7 sample');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const first = await archiveDocument(database.db, { kind: 'berita-acara', number: '007/BA-BACKUP/PTID/2026', instanceId: 'RUN-1', bytes, folder, at: new Date('2026-11-23T05:00:00Z') });
      expect(first.sha256).toBe(sha256);
      expect(first.path).toBe(join(folder, 'berita-acara', '2026', `007-BA-BACKUP-PTID-2026_${sha256.slice(0, 12)}.pdf`));
      expect(await readFile(first.path)).toEqual(Buffer.from(bytes));
      expect((await readdir(join(folder, 'berita-acara', '2026'))).some((name) => name.endsWith('.partial'))).toBe(false);
      const again = await archiveDocument(database.db, { kind: 'berita-acara', number: '007/BA-BACKUP/PTID/2026', instanceId: 'RUN-1', bytes, folder, at: new Date('2026-11-23T05:00:00Z') });
      expect(again).toEqual(first);
      const rows = await database.db.archivedDocument.findMany({ where: { instanceId: 'RUN-1' } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'berita-acara', number: '007/BA-BACKUP/PTID/2026', sha256, path: first.path });
    });
  });
}
