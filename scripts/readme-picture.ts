// Regenerates docs/berita-acara.png, the README's picture: the final, countersigned berita acara
// (numbered; the officer, the corrector and the head approved in Cadang), pages 1 and 2 side by
// side, rendered with SOP A's letterhead from config/sample.yaml. Needs pdftoppm (poppler-utils).
// Run: npx tsx scripts/readme-picture.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, rgb } from 'pdf-lib';
import { renderBeritaAcara } from '../src/reports/documents/berita-acara.js';
import { resolveRenderOptions } from '../src/reports/options.js';
import { sampleBeritaAcara, sampleProfile } from '../test/reports/fixtures.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pdf = await renderBeritaAcara(sampleBeritaAcara(5), await resolveRenderOptions(sampleProfile('sop_a_backup_terjadwal')));
const sheet = await PDFDocument.create();
const [first, second] = await sheet.embedPdf(pdf, [0, 1]);
const gap = 12;
const page = sheet.addPage([first!.width * 2 + gap * 3, first!.height + gap * 2]);
page.drawRectangle({ x: 0, y: 0, width: page.getWidth(), height: page.getHeight(), color: rgb(0.85, 0.85, 0.85) });
page.drawPage(first!, { x: gap, y: gap });
page.drawPage(second!, { x: first!.width + gap * 2, y: gap });
const directory = mkdtempSync(join(tmpdir(), 'cadang-picture-'));
try {
  writeFileSync(join(directory, 'sheet.pdf'), await sheet.save());
  execFileSync('pdftoppm', ['-png', '-r', '66', '-singlefile', join(directory, 'sheet.pdf'), join(root, 'docs', 'berita-acara')]);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
console.log('cadang: wrote docs/berita-acara.png');
