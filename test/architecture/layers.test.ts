import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Layer violations on main when the rules were written (issue 11), as `rule: from → to`. The
 * refactor of issue 11 removes them; delete each line as its import goes. The test fails on any
 * violation not listed here, and on a listed one that is gone, so the list only shrinks.
 */
const KNOWN_LAYER_VIOLATIONS_TO_REMOVE: readonly string[] = [];

/** A module in node_modules by its package name (`@prisma/client`), wherever node_modules is. */
const packageName = (path: string) => path.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+).*$/, '$1');

/** Runs the project's rules (.dependency-cruiser.cjs) over `src` of `baseDir`; returns `rule: from → to` per violation. */
async function layerViolations(baseDir: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(root, '.dependency-cruiser.cjs'));
  const tsConfig = extractTSConfig(join(root, 'tsconfig.json'));
  const result = await cruise(['src'], { ...options, baseDir, tsConfig: { fileName: join(root, 'tsconfig.json') } }, {}, { tsConfig });
  const { summary } = result.output as ICruiseResult;
  return summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${packageName(violation.to)}`).sort();
}

describe('layer rules (ARCHITECTURE.md, checked by dependency-cruiser)', () => {
  let fixture: string;
  const write = async (path: string, text: string) => {
    await mkdir(dirname(join(fixture, path)), { recursive: true });
    await writeFile(join(fixture, path), text);
  };

  beforeAll(async () => {
    fixture = await mkdtemp(join(tmpdir(), 'cadang-layers-'));
    // The real packages, so that npm imports resolve to node_modules/<name>/ as in the project.
    await symlink(join(root, 'node_modules'), join(fixture, 'node_modules'), 'dir');
  });
  afterAll(() => rm(fixture, { recursive: true, force: true }));

  it('reports the workflow core importing storage, with the rule name', async () => {
    await write('src/storage/instances.ts', 'export const findInstance = (id: string) => id;\n');
    await write('src/workflow/engine.ts', "import { findInstance } from '../storage/instances.js';\nexport const transition = (id: string) => findInstance(id);\n");
    expect(await layerViolations(fixture)).toEqual(['workflow-imports-no-outer-layer: src/workflow/engine.ts → src/storage/instances.ts']);
  });

  it('reports every kind of wrong import and allows the exceptions', async () => {
    await write('src/workflow/wib.ts', "import { z } from 'zod';\nimport { execa } from 'execa';\nimport { spawn } from 'node:child_process';\nexport const both = [z, execa, spawn];\n");
    await write('src/workflow/builtin/index.ts', "import { readFileSync } from 'node:fs';\nimport { parse } from 'yaml';\nimport { connect } from 'node:net';\nexport const load = [readFileSync, parse, connect];\n");
    await write('src/service/dispatcher.ts', "import { Telegraf } from 'telegraf';\nimport { send } from '../bots/chat.js';\nexport const dispatch = [Telegraf, send];\n");
    await write('src/bots/chat.ts', "import { findInstance } from '../storage/instances.js';\nexport const send = findInstance;\n");
    await write('src/bots/telegram/bot.ts', "import { Telegraf } from 'telegraf';\nimport { App } from '@slack/bolt';\nexport const bots = [Telegraf, App];\n");
    await write('src/backup/kinds/sqlite.ts', "import Database from 'better-sqlite3';\nexport const open = Database;\n");
    await write('src/reports/archive.ts', "import Database from 'better-sqlite3';\nimport { PrismaClient } from '@prisma/client';\nexport const both = [Database, PrismaClient];\n");
    await write('src/storage/repository.ts', "import { PrismaClient } from '@prisma/client';\nimport { dispatch } from '../service/dispatcher.js';\nexport const both = [PrismaClient, dispatch];\n");
    await write('src/log/logger.ts', "import { load } from '../workflow/builtin/index.js';\nexport const logger = load;\n");
    await write('src/service/log-user.ts', "import { logger } from '../log/logger.js';\nexport const log = logger;\n");
    const violations = await layerViolations(fixture);
    expect(violations).toEqual([
      'bots-go-through-the-service: src/bots/chat.ts → src/storage/instances.ts',
      'executor-and-reports-are-handed-their-data: src/reports/archive.ts → @prisma/client',
      'log-imports-no-layer: src/log/logger.ts → src/workflow/builtin/index.ts',
      'service-imports-no-adapter: src/service/dispatcher.ts → src/bots/chat.ts',
      'slack-only-in-bots-slack: src/bots/telegram/bot.ts → @slack/bolt',
      'storage-imports-no-outer-layer: src/storage/repository.ts → src/service/dispatcher.ts',
      'storage-owns-better-sqlite3: src/reports/archive.ts → better-sqlite3',
      'storage-owns-prisma: src/reports/archive.ts → @prisma/client',
      'telegraf-only-in-bots-telegram: src/service/dispatcher.ts → telegraf',
      'workflow-builtin-reads-files-only: src/workflow/builtin/index.ts → net',
      'workflow-does-no-io: src/workflow/wib.ts → child_process',
      'workflow-imports-no-outer-layer: src/workflow/engine.ts → src/storage/instances.ts',
      'workflow-npm-only-zod-and-yaml: src/workflow/wib.ts → execa',
    ]);
  });

  it('finds no wrong import in src beyond the known ones that issue 11 removes', async () => {
    const violations = await layerViolations(root);
    const added = violations.filter((violation) => !KNOWN_LAYER_VIOLATIONS_TO_REMOVE.includes(violation));
    const gone = KNOWN_LAYER_VIOLATIONS_TO_REMOVE.filter((violation) => !violations.includes(violation));
    expect(added, 'new imports that point the wrong way (see ARCHITECTURE.md and .dependency-cruiser.cjs)').toEqual([]);
    expect(gone, 'fixed: delete these from KNOWN_LAYER_VIOLATIONS_TO_REMOVE').toEqual([]);
  });
});
