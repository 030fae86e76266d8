// The CLI settles its language before it loads a YAML parser when the file states it plainly
// (start time); whatever path it takes, the answer is the parser's.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { plainLocaleOf, quickLocale, sampleConfigFile } from '../../src/config/config-file.js';
import { resolveLocale } from '../../src/config/locale.js';
import { parseLocale } from '../../src/i18n/messages.js';

/** What a YAML parser says the file's language is. */
function parsed(text: string) {
  const value: unknown = parseDocument(text).get('locale');
  return typeof value === 'string' ? parseLocale(value) : 'id';
}

const cases: Record<string, string> = {
  sample: readFileSync(sampleConfigFile, 'utf8'),
  english: 'organisation:\n  id: unit\nlocale: en   # bahasa\n',
  quoted: "locale: 'en'\n",
  'double quoted': 'locale: "en-GB"\n',
  absent: 'organisation:\n  id: unit\n',
  'nested only': 'reports:\n  locale: en\n',
  'flow style': '{ locale: en, organisation: { id: unit } }\n',
  'two documents': 'locale: id\n---\nlocale: en\n',
  'in a comment': '# locale: en\norganisation: {}\n',
  'a list': 'locale: [en]\n',
  'block scalar mentioning it': 'note: |\n  locale: en\nlocale: id\n',
};

describe('the language before the configuration is read', () => {
  it.each(Object.entries(cases))('agrees with the YAML parser: %s', (_name, text) => {
    const quick = plainLocaleOf(text);
    if (quick !== undefined) expect(quick).toBe(parsed(text));
    const dir = mkdtempSync(join(tmpdir(), 'cadang-locale-'));
    writeFileSync(join(dir, 'cadang.yaml'), text);
    expect(resolveLocale({}, dir)).toBe(parsed(text));
  });

  it('reads plain files without the parser and leaves unusual ones to it', () => {
    expect(plainLocaleOf(cases.sample!)).toBe('id');
    expect(plainLocaleOf(cases.english!)).toBe('en');
    expect(plainLocaleOf(cases.absent!)).toBe('id');
    for (const name of ['flow style', 'two documents', 'a list', 'nested only']) expect(plainLocaleOf(cases[name]!), name).toBeUndefined();
  });

  it('takes CADANG_LOCALE first, and the default when the named file is missing (loadConfig reports it)', () => {
    expect(quickLocale({ CADANG_LOCALE: 'en', CADANG_CONFIG: '/nonexistent.yaml' }, '/')).toBe('en');
    expect(quickLocale({ CADANG_CONFIG: '/nonexistent.yaml' }, '/')).toBe('id');
  });
});
