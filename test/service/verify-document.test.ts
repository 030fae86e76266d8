import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/backup/executor.js';
import type { BackupCopyResult } from '../../src/backup/types.js';
import { CadangError } from '../../src/errors.js';
import { renderBeritaAcara } from '../../src/reports/documents/berita-acara.js';
import { renderRequestForm } from '../../src/reports/documents/request-form.js';
import { resolveRenderOptions } from '../../src/reports/options.js';
import { verifyCopiesAgainstDocument } from '../../src/service/verify-document.js';
import { makeConfig, makeTempDir } from '../backup/helpers.js';
import { sampleBeritaAcara, sampleRequestForm, sampleProfile } from '../reports/fixtures.js';

let tmp: { dir: string; remove: () => Promise<void> };
let copy: BackupCopyResult;
let config: ReturnType<typeof makeConfig>;

beforeAll(async () => {
  tmp = await makeTempDir('verify-ba');
  const source = join(tmp.dir, 'arsip');
  await mkdir(source);
  await writeFile(join(source, 'SK Rektor 2026.txt'), 'Surat Keputusan — salinan arsip\n'.repeat(2000));
  const internal = join(tmp.dir, 'backups');
  config = makeConfig({ internalFolder: internal, targets: [{ name: 'arsip', kind: 'files', include: [source] }] });
  const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config });
  if (outcome.status !== 'succeeded') throw new Error(JSON.stringify(outcome));
  copy = outcome.copy;
});
afterAll(() => tmp.remove());

/** A berita acara listing the real copy, stating `sha256` for it. */
async function beritaAcaraFor(sha256: string): Promise<Uint8Array> {
  const input = sampleBeritaAcara(1);
  input.items = [{
    targetName: 'arsip', kind: 'files', placement: 'internal', location: copy.path, sizeBytes: copy.sizeBytes,
    startedAt: copy.manifest.startedAt.utc, finishedAt: copy.manifest.finishedAt.utc, verified: true, sha256,
  }];
  return renderBeritaAcara(input, await resolveRenderOptions(sampleProfile()));
}

describe('cadang verify --berita-acara: copies checked against the document', () => {
  it('a copy that matches the berita acara is good', async () => {
    const results = await verifyCopiesAgainstDocument(await beritaAcaraFor(copy.sha256), 'ba.pdf', { config, locale: 'id' });
    expect(results).toEqual([expect.objectContaining({ path: copy.path, ok: true })]);
  });

  it('a berita acara that states another checksum is reported, naming the document', async () => {
    const results = await verifyCopiesAgainstDocument(await beritaAcaraFor('0'.repeat(64)), 'ba.pdf', { config, locale: 'id' });
    expect(results).toEqual([expect.objectContaining({ ok: false, problem: expect.stringMatching(/berbeda dengan yang tercatat di 007\/BA-BACKUP\/PTID\/2026/) })]);
  });

  it('a damaged copy is reported', async () => {
    const pdf = await beritaAcaraFor(copy.sha256);
    await appendFile(copy.path, 'x');
    const [result] = await verifyCopiesAgainstDocument(pdf, 'ba.pdf', { config, locale: 'id' });
    expect(result?.ok).toBe(false);
  });

  it('a PDF without a copy list is refused with a sentence', async () => {
    const form = await renderRequestForm(sampleRequestForm(), await resolveRenderOptions(sampleProfile()));
    await expect(verifyCopiesAgainstDocument(form, 'formulir.pdf', { config, locale: 'id' })).rejects.toThrow(CadangError);
    await expect(verifyCopiesAgainstDocument(form, 'formulir.pdf', { config, locale: 'id' })).rejects.toThrow(/formulir\.pdf tidak memuat daftar salinan Cadang/);
  });
});
