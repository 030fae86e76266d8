import { describe, expect, it } from 'vitest';
import { renderBeritaAcara } from '../../src/reports/documents/berita-acara.js';
import { loadReportFonts } from '../../src/reports/fonts.js';
import { resolveRenderOptions } from '../../src/reports/options.js';
import { buildFaces } from '../../src/reports/layout/typeface.js';
import { PRINTABLE_RANGES } from '../../src/workflow/printable-ranges.js';
import { unprintableCharacters } from '../../src/workflow/printable.js';
import { sampleBeritaAcara, sampleProfile } from './fixtures.js';
import { extractPages, flatten } from './pdf-text.js';

describe('the printable ranges match the embedded fonts', () => {
  it('every code point the form accepts is drawn by every face a name is set in (or its fallback)', async () => {
    const faces = buildFaces(await loadReportFonts());
    const nameFaces = [faces.regular, faces.bold, faces.italic, faces.table, faces.tableBold];
    let checked = 0;
    for (const [from, to] of PRINTABLE_RANGES) {
      for (let codePoint = from; codePoint <= to; codePoint += 1) {
        const char = String.fromCodePoint(codePoint);
        for (const face of nameFaces) {
          const programs = face.runsOf(char).map((run) => run.program);
          expect(programs.length, `U+${codePoint.toString(16)}`).toBe(1);
          expect(programs[0]!.has(codePoint), `U+${codePoint.toString(16)}`).toBe(true);
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(2000);
    // And a character outside them really is missing from the fonts.
    expect(nameFaces.some((face) => face.runsOf('陈').some((run) => run.program.has(0x9648)))).toBe(false);
  });

  it('a name the form accepts comes out of the PDF as typed', async () => {
    const name = 'Nguyễn Văn Đức Şahin';
    expect(unprintableCharacters(name)).toEqual([]);
    const input = sampleBeritaAcara(1);
    const pdf = await renderBeritaAcara({ ...input, officer: { ...input.officer, person: { ...input.officer.person, name } } }, await resolveRenderOptions(sampleProfile()));
    expect(flatten(extractPages(pdf))).toContain(name);
  });
});
