// `cadang targets list` as a user runs it (bin/cadang.js): targets from the configuration and
// those registered in the database, read without Prisma's client, on a fresh database too.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cadang-targets-'));
const config = join(dir, 'cadang.yaml');
writeFileSync(config, ['organisation:', '  id: unit-uji', '  name: Unit Uji', 'backup:', '  targets:', '    - { name: arsip, kind: files, include: [/srv/arsip], schedule: "0 2 * * *" }', ''].join('\n'));

async function targetsList(database: string, locale: string): Promise<string[]> {
  const env = { ...process.env, CADANG_CONFIG: config, DATABASE_URL: `file:${database}`, CADANG_LOCALE: locale };
  const { stdout } = await run(process.execPath, ['bin/cadang.js', 'targets', 'list'], { env });
  return stdout.trimEnd().split('\n');
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cadang targets list', () => {
  it('lists the file\'s targets and the database\'s, on a database it migrates first', async () => {
    const database = join(dir, 'data', 'cadang.db');
    expect(await targetsList(database, 'id')).toEqual(['NAMA\tJENIS\tLOKASI\tTUJUAN\tJADWAL', 'arsip\tberkas\tserver ini\tinternal\t0 2 * * *']);

    const opened = await openDatabase({ url: `file:${database}` });
    await opened.db.organisation.create({ data: { id: 'unit-uji', name: 'Unit Uji' } });
    await opened.db.backupTarget.create({ data: { id: 't1', organisationId: 'unit-uji', name: 'simpeg-db', kind: 'postgres', config: JSON.stringify({ connection: { host: 'db.local', database: 'simpeg', user: 'cadang' }, destinations: ['internal', 'USB-01'] }) } });
    // Another organisation's target and a name the file already has are not listed.
    await opened.db.organisation.create({ data: { id: 'lain', name: 'Lain' } });
    await opened.db.backupTarget.create({ data: { id: 't2', organisationId: 'lain', name: 'asing', kind: 'files', config: '{"include":["/x"]}' } });
    await opened.db.backupTarget.create({ data: { id: 't3', organisationId: 'unit-uji', name: 'arsip', kind: 'files', config: '{"include":["/lain"]}' } });
    await opened.close();

    expect(await targetsList(database, 'en')).toEqual(['NAME\tKIND\tWHERE\tDESTINATIONS\tSCHEDULE', 'arsip\tfiles\tthis host\tinternal\t0 2 * * *', 'simpeg-db\tPostgreSQL\tthis host\tinternal, USB-01\t-']);
  });
});
