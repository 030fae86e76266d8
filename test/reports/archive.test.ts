import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveDocument, formatDocumentNumber, nextDocumentNumber } from '../../src/reports/archive.js';
import { profileFor, reportsConfigSchema } from '../../src/reports/config.js';
import { issueDocument } from '../../src/reports/issue.js';
import { resolveRenderOptions } from '../../src/reports/options.js';
import { createDocumentRepository, type DocumentRepository } from '../../src/storage/document-repository.js';
import { sampleBeritaAcara, sampleProfile } from './fixtures.js';
import { extractPages, flatten } from './pdf-text.js';
import { hasPostgres, openTestDatabase, type TestDatabase } from '../support/services.js';

describe('number patterns', () => {
  it('fills {seq}, {seq:3}, {year}, {month} and {romanMonth}', () => {
    expect(formatDocumentNumber('{seq:3}/BA-BACKUP/PTID/{year}', { sequence: 7, year: 2026 })).toBe('007/BA-BACKUP/PTID/2026');
    expect(formatDocumentNumber('{seq}/TU/{romanMonth}/{year}', { sequence: 31, year: 2026, month: 11 })).toBe('31/TU/XI/2026');
    expect(formatDocumentNumber('B-{seq:4}/{month}/{year}', { sequence: 12345, year: 2027, month: 2 })).toBe('B-12345/02/2027');
    expect(() => formatDocumentNumber('{seq}/{tahun}', { sequence: 1, year: 2026 })).toThrow(/\{tahun\}/);
  });

  it('configuration rejects a pattern without {seq}, names no institution by default, and lets each SOP have its own', () => {
    const config = reportsConfigSchema.parse(undefined);
    expect(config.letterhead).toBeUndefined();
    expect(profileFor(config, 'sop_b_backup_server')).toBeUndefined();
    expect(config.archiveFolder).toBe('./data/documents');
    expect(() => reportsConfigSchema.parse({ numbering: { 'berita-acara': 'BA/{year}' } })).toThrow(/must contain \{seq\}/);
    expect(() => reportsConfigSchema.parse({ sops: { sop_b: { numbering: { 'reply-letter': 'TU/{year}' } } } })).toThrow(/must contain \{seq\}/);
    expect(() => reportsConfigSchema.parse({ timeZone: 'Asia/Pontianakk' })).toThrow(/unknown time zone/);

    const both = reportsConfigSchema.parse({
      letterhead: { lines: ['ORGANISASI'], city: 'Jakarta' },
      numbering: { 'berita-acara': '{seq:3}/BA/{year}' },
      sops: { sop_b: { letterhead: { lines: ['BATAN', 'PPIKSN'], city: 'Tangerang Selatan' }, numbering: { 'reply-letter': '{seq}/TU/PPIKSN/{year}' }, signers: { head: 'kabid_pjkkd' } } },
    });
    const own = profileFor(both, 'sop_b')!;
    expect(own.letterhead.lines).toEqual(['BATAN', 'PPIKSN']);
    expect(own.numbering).toMatchObject({ 'reply-letter': '{seq}/TU/PPIKSN/{year}', 'berita-acara': '{seq:3}/BA/{year}', 'backup-report': '{seq:3}/LAP-BACKUP/{year}' });
    expect(own.numberingScope).toEqual({ 'reply-letter': 'sop_b' });
    expect(own.signers).toEqual({ head: 'kabid_pjkkd' });
    // An SOP with nothing of its own gets the organisation's letterhead.
    expect(profileFor(both, 'sop_a')?.letterhead.lines).toEqual(['ORGANISASI']);
  });
});

for (const provider of ['sqlite', 'postgresql'] as const) {
  describe.skipIf(provider === 'postgresql' && !hasPostgres)(`numbers and archive on ${provider}`, () => {
    let database: TestDatabase;
    let store: DocumentRepository;
    let folder: string;

    beforeAll(async () => {
      database = await openTestDatabase(provider);
      store = createDocumentRepository(database.db);
      folder = await mkdtemp(join(tmpdir(), 'cadang-archive-'));
    });

    afterAll(async () => {
      await database?.close();
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    it('never gives a number twice, even to concurrent callers', async () => {
      const request = { organisationId: 'iain-ptk', kind: 'berita-acara', year: 2026, pattern: '{seq:3}/BA-BACKUP/PTID/{year}' };
      const numbers = await Promise.all(Array.from({ length: 12 }, () => nextDocumentNumber(store, request)));
      expect(numbers.map((n) => n.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(new Set(numbers.map((n) => n.number)).size).toBe(12);
      expect((await nextDocumentNumber(store, request)).number).toBe('013/BA-BACKUP/PTID/2026');
      // Each year and each kind counts on its own.
      expect((await nextDocumentNumber(store, { ...request, year: 2027 })).number).toBe('001/BA-BACKUP/PTID/2027');
      expect((await nextDocumentNumber(store, { ...request, kind: 'reply-letter', pattern: '{seq}/TU/{year}' })).number).toBe('1/TU/2026');
    });

    it('archives a PDF atomically with its SHA-256, once', async () => {
      const bytes = new TextEncoder().encode('%PDF-1.7 sample');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const first = await archiveDocument(store, { kind: 'berita-acara', number: '007/BA-BACKUP/PTID/2026', instanceId: 'RUN-1', bytes, folder, at: new Date('2026-11-23T05:00:00Z') });
      expect(first.sha256).toBe(sha256);
      expect(first.path).toBe(join(folder, 'berita-acara', '2026', `007-BA-BACKUP-PTID-2026_${sha256.slice(0, 12)}.pdf`));
      expect(await readFile(first.path)).toEqual(Buffer.from(bytes));
      expect((await readdir(join(folder, 'berita-acara', '2026'))).some((name) => name.endsWith('.partial'))).toBe(false);
      const again = await archiveDocument(store, { kind: 'berita-acara', number: '007/BA-BACKUP/PTID/2026', instanceId: 'RUN-1', bytes, folder, at: new Date('2026-11-23T05:00:00Z') });
      expect(again).toEqual(first);
      const rows = await database.db.archivedDocument.findMany({ where: { instanceId: 'RUN-1' } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'berita-acara', number: '007/BA-BACKUP/PTID/2026', sha256, path: first.path, status: 'final', supersededById: null });
    });

    it('issues an unnumbered DRAF, then the numbered final that supersedes it', async () => {
      const profile = { ...sampleProfile(), archiveFolder: folder };
      const render = await resolveRenderOptions(profile);
      const { number: _number, ...unnumbered } = sampleBeritaAcara(2);
      const request = { kind: 'berita-acara' as const, input: unnumbered, organisationId: 'draf-final', instanceId: 'RUN-DRAF', config: profile, render };
      const draft = await issueDocument(store, { ...request, draft: true });
      expect(draft).toMatchObject({ status: 'draft', number: undefined });
      const draftText = flatten(extractPages(draft.bytes));
      expect(draftText).toContain('DRAF untuk dikoreksi — nomor diberikan setelah disetujui');
      expect(draftText).not.toContain('Nomor: ');
      expect(draftText.match(/\bDRAF\b/g)!.length).toBeGreaterThanOrEqual(3); // the mark on each of the two pages, and the title line

      // A number already in the archive (as after moving a pattern from the organisation to the SOP) is skipped.
      await archiveDocument(store, { kind: 'berita-acara', number: '001/BA-BACKUP/PTID/2026', instanceId: 'RUN-EARLIER', bytes: new TextEncoder().encode('%PDF-1.7 earlier'), folder });
      const final = await issueDocument(store, request);
      expect(final).toMatchObject({ status: 'final', number: '002/BA-BACKUP/PTID/2026' });
      const finalText = flatten(extractPages(final.bytes));
      expect(finalText).toContain('Nomor: 002/BA-BACKUP/PTID/2026');
      expect(finalText).not.toMatch(/\bDRAF\b/);

      const rows = await store.list('RUN-DRAF');
      expect(rows.map((row) => [row.status, row.number, row.supersededById])).toEqual([
        ['draft', null, final.id],
        ['final', '002/BA-BACKUP/PTID/2026', null],
      ]);
      expect(await store.latest('RUN-DRAF', 'berita-acara', { status: 'final' })).toMatchObject({ id: final.id });
    });
  });
}
