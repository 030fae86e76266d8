import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prismaDirectory, readSchema } from '../../scripts/make-migration.js';

describe('prisma/postgres/schema.prisma', () => {
  it('is exactly what derivePostgresSchema (scripts/generate-prisma.js) makes of the SQLite schema', async () => {
    const committed = readFileSync(join(prismaDirectory('postgresql'), 'schema.prisma'), 'utf8');
    // readSchema('postgresql') is derivePostgresSchema(prisma/sqlite/schema.prisma).
    expect(committed, 'run `node scripts/generate-prisma.js` after editing prisma/sqlite/schema.prisma').toBe(await readSchema('postgresql'));
  });
});
