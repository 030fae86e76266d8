/**
 * Turns the `reports:` configuration into render options: reads the logo file and the fonts.
 * The renderers themselves never touch the file system.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CadangError } from '../errors.js';
import type { Locale } from '../i18n/messages.js';
import type { DocumentProfile } from './config.js';
import type { RenderOptions } from './document.js';
import { loadReportFonts } from './fonts.js';
import type { Letterhead } from './layout/letterhead.js';

/** Reads the letterhead's logo (if any) and returns the letterhead ready to draw. */
export async function resolveLetterhead(config: Pick<DocumentProfile, 'letterhead'>, baseDirectory = process.cwd()): Promise<Letterhead> {
  const { logo, ...rest } = config.letterhead;
  const letterhead: Letterhead = { ...rest };
  if (logo) {
    const path = resolve(baseDirectory, logo);
    try {
      letterhead.logo = { bytes: new Uint8Array(await readFile(path)), format: /\.png$/i.test(path) ? 'png' : 'jpg' };
    } catch (error) {
      throw new CadangError('reports.logo_unreadable', `Logo kop surat tidak dapat dibaca: ${path}. Periksa letterhead.logo di bagian reports konfigurasi.`, { path }, { cause: error });
    }
  }
  return letterhead;
}

/** Everything a renderer needs, from an SOP's document profile ({@link profileFor}): letterhead, fonts, locale, time zone. */
export async function resolveRenderOptions(config: Pick<DocumentProfile, 'letterhead' | 'timeZone'>, locale: Locale = 'id', baseDirectory?: string): Promise<RenderOptions> {
  const [letterhead, fonts] = await Promise.all([resolveLetterhead(config, baseDirectory), loadReportFonts()]);
  return { letterhead, fonts, locale, timeZone: config.timeZone };
}
