#!/usr/bin/env node
// Generates both Prisma clients (SQLite and PostgreSQL) without network access.
//
// Why: `prisma generate` only needs WebAssembly, but it first asks Prisma's download server for
// the native schema engine. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that
// download (see shared/TOOLCHAIN.md). The PostgreSQL schema is derived from the SQLite one so the
// two can never drift apart.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sqliteSchema = join(root, 'prisma/sqlite/schema.prisma');
const postgresSchema = join(root, 'prisma/postgres/schema.prisma');

export function derivePostgresSchema(text) {
  return text
    .replace(/^\/\/ Cadang's data model\..*$/m, '// GENERATED from prisma/sqlite/schema.prisma by scripts/generate-prisma.js: edit that file.')
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('src/generated/sqlite', 'src/generated/postgres');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(postgresSchema, derivePostgresSchema(readFileSync(sqliteSchema, 'utf8')));
  const prismaCli = join(root, 'node_modules/prisma/build/index.js');
  for (const schema of [sqliteSchema, postgresSchema]) {
    execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schema], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? sqliteSchema, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    });
  }
  console.log('cadang: generated Prisma clients for SQLite and PostgreSQL');
}
