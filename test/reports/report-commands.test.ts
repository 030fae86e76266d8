import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { registerReportCommands } from '../../src/cli/report-commands.js';
import type { CadangConfig } from '../../src/config/schema.js';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import { sampleBeritaAcara } from './fixtures.js';
import { extractPages, flatten } from './pdf-text.js';

describe('cadang report', () => {
  let dir: string;
  const printed: string[] = [];
  // Only what the report commands use; the rest of the context belongs to other commands.
  const ctx = {
    locale: 'id',
    loadConfig: async () => ({ organisation: { id: 'contoh', name: 'Contoh' }, reports: loadConfig({ CADANG_CONFIG: sampleConfigFile }).config.reports }) as unknown as CadangConfig,
    withDatabase: async () => {
      throw new Error('no database in this test');
    },
    print: (text: string) => void printed.push(text),
  } satisfies Pick<CliContext, 'locale' | 'loadConfig' | 'withDatabase' | 'print'> as unknown as CliContext;
  const run = (...args: string[]): Promise<Command> => {
    const program = new Command().exitOverride();
    registerReportCommands(program, ctx);
    return program.parseAsync(['node', 'cadang', ...args]);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cadang-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('renders a berita acara from --input FILE.json', async () => {
    const input = join(dir, 'ba.json');
    const out = join(dir, 'ba.pdf');
    await writeFile(input, JSON.stringify(sampleBeritaAcara(2)));
    // The sample configuration has two SOPs with letterheads: without a run, --sop says whose.
    await expect(run('report', 'berita-acara', '--input', input, '--out', out)).rejects.toThrow(/Sebutkan --sop KUNCI \(sop_a_backup_terjadwal, sop_b_backup_server\)/);
    await run('report', 'berita-acara', '--input', input, '--out', out, '--sop', 'sop_a_backup_terjadwal');
    expect(printed.at(-1)).toBe(out);
    const text = flatten(extractPages(await readFile(out)));
    expect(text).toContain('INSTITUT AGAMA ISLAM NEGERI (IAIN) PONTIANAK');
    expect(text).toContain('Nomor: 007/BA-BACKUP/PTID/2026');
    expect(text).toContain('tanggal dua puluh tiga, bulan November');
    await run('report', 'berita-acara', '--input', input, '--out', out, '--sop', 'sop_b_backup_server');
    expect(flatten(extractPages(await readFile(out)))).toContain('BADAN TENAGA NUKLIR NASIONAL');
  });

  it('lists every problem of an invalid input file', async () => {
    const input = join(dir, 'bad.json');
    await writeFile(input, JSON.stringify({ ...sampleBeritaAcara(1), number: '', officer: { person: { name: 'X', nip: '1', title: 'Petugas' } } }));
    await expect(run('report', 'berita-acara', '--input', input, '--out', join(dir, 'bad.pdf'))).rejects.toThrow(/number:[\s\S]*officer\.person\.nip: NIP must be 18 digits/);
  });
});
