import { CadangError } from '../errors.js';
import { defineMessages, type Locale } from '../i18n/messages.js';
import { verifyCopy, type BackupConfig, type VerifyResult } from '../backup/index.js';
import { readDocumentManifest } from '../reports/manifest.js';

const messages = defineMessages(
  {
    noList: (file: string) => `${file} tidak memuat daftar salinan Cadang (cadang-manifest.json); hanya berita acara, laporan dan balasan yang dibuat Cadang yang dapat dipakai untuk memeriksa media.`,
    differs: (number: string, stated: string, actual: string) => `checksum salinan (${actual.slice(0, 12)}…) berbeda dengan yang tercatat di ${number} (${stated.slice(0, 12)}…)`,
  },
  {
    noList: (file: string) => `${file} holds no Cadang copy list (cadang-manifest.json); only berita acara, reports and replies made by Cadang can be used to check a medium.`,
    differs: (number: string, stated: string, actual: string) => `the copy's checksum (${actual.slice(0, 12)}…) differs from the one recorded in ${number} (${stated.slice(0, 12)}…)`,
  },
);

/**
 * Checks the copies a berita acara (or report) lists against what it states: each copy is
 * verified as `cadang verify` does (checksum re-read and the kind's own check), and its SHA-256
 * must be the one printed in the document. Given the PDF's bytes, returns one result per item;
 * throws a CadangError if the PDF carries no copy list.
 */
export async function verifyCopiesAgainstDocument(pdf: Uint8Array, file: string, options: { config: BackupConfig; locale: Locale }): Promise<VerifyResult[]> {
  const t = messages(options.locale);
  const manifest = await readDocumentManifest(pdf);
  if (!manifest) throw new CadangError('verify-no-document-list', t.noList(file), { file });
  const results: VerifyResult[] = [];
  for (const item of manifest.items) {
    const result = await verifyCopy(item.location, options);
    const actual = result.manifest?.sha256;
    if (result.ok && actual !== item.sha256) {
      results.push({ ...result, ok: false, problem: t.differs(manifest.number ?? file, item.sha256, actual ?? '') });
    } else results.push(result);
  }
  return results;
}
